package importer

// SafeTextForTest exposes safeText to the package's external tests.
var SafeTextForTest = safeText
