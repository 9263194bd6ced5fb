package fake

// Sign is the fake's own signature, for the external tests: they sign
// their requests with the fake's reading of Webull's rule, not the webull
// package's.
var Sign = signature
