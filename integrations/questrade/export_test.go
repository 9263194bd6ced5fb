package questrade

// AccountID exposes the account id hash to the external tests.
var AccountID = accountID
