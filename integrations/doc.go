// Package integrations is the contract between Latchkey and the institutions it
// connects to.
//
// An [Integration] describes one institution ([Institution]), drives a login as a
// sequence of [Step]s ([Login]), and builds a [Client] from the [Grant] a login
// produced. Clients return normalised data ([Account], [Balance], [Position],
// [Activity]) with every amount a [decimal.Decimal].
//
// Errors that cross the contract wrap one of the documented sentinels
// ([ErrReauthRequired], [ErrInvalidCredentials], [ErrInvalidMFACode],
// [ErrAccountLocked], [ErrRateLimited], [ErrUnavailable], [ErrNotSupported],
// [ErrDifferentLogin], [ErrApprovalDenied], [ErrLoginTimeout], [ErrNeedsApp],
// [ErrLoginOver], [ErrPartial], [ErrNoAccounts]).
// Their text is
// safe to show a user: it never holds a token, a password, a raw response body
// or a full account number. [UserMessage] turns any error into such text.
//
// Integrations are listed explicitly in a [Registry]; nothing registers itself
// from init.
//
// This package never imports Fyne, the vault or the app.
package integrations
