// Package comdirect is the comdirect integration ("comdirect"): a German
// investor's comdirect depot through the comdirect REST API, with the
// user's own client credentials and a session TAN approved in the photoTAN
// app (or a mobileTAN).
//
// # Login
//
// The five calls of the REST API's chapter 2, as a StepLogin (the form, then
// an approval or a code):
//
//  1. POST /oauth/token, form client_id, client_secret, grant_type=password,
//     username (the Zugangsnummer), password (the PIN): a TWO_FACTOR token
//     (expires_in 599) and the customer number kdnr (the fingerprint).
//  2. GET /api/session/clients/user/v1/sessions: the session's identifier.
//  3. POST .../sessions/{identifier}/validate with sessionTanActive and
//     activated2FA true: the challenge in the answer's
//     x-once-authentication-info header (id, typ P_TAN_PUSH, P_TAN or M_TAN,
//     challenge, availableTypes). A photoTAN graphic (P_TAN) cannot be
//     shown, so the login asks once more for P_TAN_PUSH (or M_TAN) with the
//     request header x-once-authentication-info {"typ":...}; comdirect locks
//     online banking after five challenges without a valid TAN, so it never
//     asks more than twice. A customer with P_TAN alone is refused
//     (ErrNotSupported).
//  4. P_TAN_PUSH: an ApproveStep; the challenge's link.href
//     (/api/session/v1/authentications/{id}) is polled until its status is
//     AUTHENTICATED (any status but PENDING is ErrApprovalDenied). M_TAN: a
//     CodeStep (the masked phone number as its destination). Then PATCH
//     .../sessions/{identifier} with x-once-authentication-info {"id":...}
//     and, for a mobileTAN, x-once-authentication: <TAN> (a 422 is
//     ErrInvalidMFACode; three wrong TANs lock online banking, the step says
//     so).
//  5. POST /oauth/token, grant_type=cd_secondary with the first token: the
//     banking and brokerage token pair.
//
// Every API call carries x-http-request-info {"clientRequestId":
// {"sessionId":<the login's id>,"requestId":<9 digits>}}. The client
// credentials are fields of the form, not an app registration: comdirect
// issues them to the customer, not to an application. The grant's secret
// keeps them, since a refresh needs them.
//
// # Grant lifetime
//
// An access token lives 599 seconds; a refresh (POST /oauth/token,
// grant_type=refresh_token) rotates the pair. The session TAN lasts until
// the last access or refresh token has expired. Grant.Expiry is the refresh
// token's end, taken as 20 minutes after it was issued and moved forward by
// every refresh (the rotated grant is saved before it is used, through
// integrations.TokenSource). The connection shows as expiring in its last
// 10 minutes; a sync after the end is refused locally (ErrReauthRequired)
// and the user approves a new login: the repair flow's hardest case, a grant
// that lives minutes. Latchkey refreshes only while it syncs, never in the
// background (the documentation asks that refreshing stop with the
// application).
//
// # Data
//
// Each depot is an account (its id the depotId UUID, its number the depot
// number's last four digits, EUR).
//
//   - Balances: the depot's defaultSettlementAccountId in GET
//     /api/banking/clients/user/v2/accounts/balances (balance the cash,
//     availableCashAmount the buying power) plus the depot's
//     aggregated.currentValue; an account the list does not have leaves
//     the cash at zero. When the list cannot be read (refused — a 403
//     included, taken as for Activities below —, not understood, down) or
//     the account's balance is null, the depot's value comes alone with an
//     error matching ErrPartial, "the cash account's balance could not be
//     read" (the app keeps the last balance and says so); only a dead login
//     or an ended context fails Balances. A settlement account is one depot's: when two
//     depots name the same one (a Girokonto can settle several depots), it
//     belongs to the first the depots list names, whose balance counts its
//     cash and whose activities its bookings; the other depot has its value
//     and its own transactions alone, so neither is counted twice.
//   - Positions: GET /api/brokerage/v3/depots/{depotId}/positions
//     ?with-attr=instrument: quantity, currentPrice.price, currentValue,
//     purchasePrice (the average), purchaseValue (the cost); the instrument's
//     mnemonic (else WKN) as the ticker, its ISIN, its staticData.
//     instrumentType (SHARE, ETF/ETC, FUND, BOND, WARRANT) as the type.
//   - Activities: the depot's transactions and its settlement account's. The
//     depot's: GET /api/brokerage/v3/depots/{depotId}/transactions
//     ?bookingStatus=BOOKED&min-bookingDate=<since>, paged with paging-first
//     and paging-count until paging.matches: BUY, SELL, TRANSFER_IN,
//     TRANSFER_OUT (units in or out, no cash), anything else OTHER by its
//     direction. The settlement account's (the depot's
//     defaultSettlementAccountId, whose balance is the cash; read only when
//     the balances list has it and the depot is its owner, as for Balances):
//     GET /api/banking/v1/accounts/{accountId}/transactions
//     ?transactionState=BOOKED&min-bookingDate=<since, else 2000-01-01>,
//     paged the same way (paging-first past 0 is refused unless
//     transactionState=BOOKED); the rows come newest first, so a page
//     reaching before since is the last read; a 404 on the first page is "No
//     transactions found". The depot's transactions never wait on this read:
//     when it fails (the balances list or a page refused — a 403 included,
//     which here is a refusal of the read and leaves the login alone —, an
//     answer not understood, a rate limit), they come with what the account
//     gave before the failure and an error matching ErrPartial, "the cash
//     account's bookings could not be read" (integrations.KeepPartial); only
//     a dead login or an ended context fails Activities. A booked row whose
//     amount is null (comdirect's clients see it on live rows "for some
//     transaction types") is left out, the rest of its page read; it is no
//     partial read (no read would give it an amount, and a partial read
//     holds the next syncs' start). Each
//     booked AccountTransaction is an activity with its reference as id,
//     bookingDate as trade date, valutaDate as settlement date (dropped when
//     earlier or not a date), its signed amount, and the first line of
//     remittanceInfo as description (a booked row's lines are 37-character
//     windows, "01".."nn" and 35 characters, without line breaks). Its
//     transactionType (EnumText) is read by key, else by text (German or
//     English): Überweisung/TRANSFER, Lastschrift/DIRECT_DEBIT,
//     Dauerauftrag/STANDING_ORDER, Kartenverfügung/CARD_TRANSACTION,
//     Geldautomat/ATM_WITHDRAWAL, Bar, Scheck and Geldanlage are
//     CONTRIBUTION or WITHDRAWAL by their sign (the settlement account is
//     usually the Girokonto: every payment in or out of it is money into or
//     out of the depot's cash), and so are Devisen/CURRENCY_EXCHANGE and
//     Sorten (Kasse)/FOREIGN_CURRENCY_EXCHANGE (euros changed into another
//     currency or banknotes leave the account, those changed back enter it);
//     Storno/CANCELLATION takes the side of the row it undoes: left out when
//     its text names a trade (a word "Kauf" or "Verkauf", or one holding
//     "Wertpapier" or "Sparplan": the cash leg it undoes was left out too),
//     TAX, DIVIDEND, INTEREST or FEE (signed) when its text names one, else
//     CONTRIBUTION or WITHDRAWAL by its sign (a card payment's reversal
//     brings back what the payment took out); Zinsen /
//     Dividenden/INTEREST_DIVIDENDS is DIVIDEND ("Dividende",
//     "Ertragsgutschrift", "Ertragsausschüttung", "Ausschüttung"), INTEREST
//     ("Zins", "Kupon") or TAX ("Steuer") by its text, else DIVIDEND for a
//     credit and INTEREST for a debit; Bankgebühren/BANK_FEES is FEE;
//     Sonstiges/MISCELLANEOUS and keys not known are TAX, DIVIDEND, INTEREST
//     or FEE ("Entgelt", "Gebühr", "Provision") when their text names one,
//     else OTHER. Trades are not counted twice: a buy or sell in the depot
//     also books its cash on the settlement account as a
//     Wertpapier/SECURITIES (or Sparplan) row, which is left out whenever
//     its text names a trade ("Kauf", "Verkauf", "Sparplan") or names
//     nothing else, the depot's BUY or SELL standing for it; a Wertpapier
//     row that names only a dividend, a coupon, a tax or a fee is that. What
//     this costs: where the cash leg holds a trade's commission and the
//     depot's transactionValue does not, the commission is not told apart
//     (it is lost, never counted twice). NOTBOOKED rows are left out (asked
//     for BOOKED only; they come once booked).
//
// Amounts are AmountValue strings, read as decimals.
//
// # Errors
//
// /oauth/token refusals are OAuth's: during the login invalid_client is the
// client credentials', anything else the Zugangsnummer's or PIN's
// (ErrInvalidCredentials); on a refresh they end the grant. The REST API's
// StandardErrorResponse ({"code","messages"}) is named by its code, never
// its message; 401 and 403 are ErrReauthRequired (after one refresh and
// retry) but on the settlement account's reads (the balances list, for
// Balances and Activities alike, and its bookings), where a 403 refuses
// that read alone (ErrUnavailable; the balance or the activities partial).
// The documentation gives those banking calls 200, 404 and 422 (the list)
// or 200 and 404 (the bookings) and no 401 or 403 at all; a token comdirect
// no longer takes is a 401 (RFC 6750's invalid_token, which comdirect's
// clients refresh on: mcdax's comdirect_client/http_api.py @c48adad passes
// a banking call's 401 alone to the refresh and takes its other 4xx as
// that call's error), while a 403 is a token this call does not take (a
// login without banking access, RFC 6750's insufficient_scope): on the
// settlement account's reads it costs that account alone, so a login
// whose banking side is refused keeps syncing its depot; on the depot's
// own calls, without which there is nothing to sync, it is still taken as
// the end of the login. 422
// and 5xx ErrUnavailable, 429 a rate limit (one second without Retry-After;
// the institution paces at 5 requests a second).
//
// # Sources
//
// comdirect REST API Schnittstellenspezifikation (the PDF, version 20.04,
// as published by comdirect and mirrored in jsattler/go-comdirect
// docs/comdirect_REST_API_Dokumentation.pdf @bb7919b): chapter 2 (the five
// login calls, their headers, bodies, the token answer with expires_in 599,
// the x-once-authentication-info header and TAN types, the lock after five
// challenges and three wrong TANs, photoTAN push needing no TAN in the
// PATCH), chapter 3 (refresh and revoke flows, the 10-minute access token,
// stopping refreshes with the application), chapter 4 (4.1.3 Abruf
// Kontoumsätze with its filter transactionState BOTH/BOOKED/NOTBOOKED;
// 4.2.3 AccountTransaction: bookingStatus, bookingDate, amount, remitter,
// debtor, creditor, reference, valutaDate "not necessarily a valid date",
// transactionType as EnumText with the list of categories in German and
// English — Sparplan, Wertpapier, Geldanlage, Bankgebühren, Sonstiges,
// Bar, Zinsen / Dividenden, Devisen, Storno, Scheck, Lastschrift,
// Überweisung, Kartenverfügung, Sorten, Geldautomat, Dauerauftrag — but not
// their keys; remittanceInfo in lines of 35 characters numbered when
// booked), chapter 5 (depots, positions with with-attr=instrument,
// transactions and their filters). comdirect's swagger
// (comdirect-swagger.json, version 20.04, in the same repository
// @5d66ad8): paths and the definitions Depot, DepotPosition,
// DepotTransaction (transactionType BUY, SELL, TRANSFER_IN, TRANSFER_OUT,
// OTHER), AccountBalance, Session, StandardErrorResponse;
// bankingV1GetAccountTransactions (transactionState, transactionDirection,
// paging-first, with-attr; 404 "No transactions found"),
// ListResourceAccountTransaction, AccountTransaction (its debtor spelt
// "deptor"), EnumText, AccountInformation.
//
// Secondary, comdirect's clients (what the live API answers, which the
// documentation leaves out): keisentraut/python-comdirect-api
// comdirect_api/types.py @07f4a6e (the transactionType keys ATM_WITHDRAWAL,
// DIRECT_DEBIT, SECURITIES, TRANSFER, INTEREST_DIVIDENDS, BANK_FEES, and
// UNKNOWN on unbooked rows; "comdirect didn't document the keys"; the
// other categories by their English texts alone, under made-up keys:
// "Currency Exchange", "Cancellation", "Foreign Currency exchange"; the
// DIRECT_DEBIT example row in testdata/account_transactions.json) and
// comdirect_api/old/create_dataframe.py @3b1892f (dividends read from the
// settlement account's INTEREST_DIVIDENDS rows, the WKN and the gross in
// their remittanceInfo lines, the amount net); mcdax/comdirect-python-library
// COMDIRECT_API.md @aa7301a (keys TRANSFER, DIRECT_DEBIT, CARD_TRANSACTION,
// BANK_FEES, MISCELLANEOUS seen live with English texts; paging-count up to
// 500, min-bookingDate and max-bookingDate accepted; paging-first past 0
// only with transactionState=BOOKED; about six months without
// min-bookingDate; remittanceInfo in 37-character windows without line
// breaks; amount, transactionType and remittanceInfo null on some live
// rows); rommsen/comdirect2YNAB Program.fs (an early version holds a
// live answer: keys DIRECT_DEBIT and TRANSFER with English texts, "deptor":
// null, rows newest first, the aggregated object) and Comdirect/Transactions.fs @0d993e4 and
// jsattler/go-comdirect pkg/comdirect/account.go @df62125 (paging by
// paging-first; reading newest first and stopping at a date).
//
// testdata/account_transactions.json is an answer in that shape (the
// aggregated object and field order of the live answer above, the account
// id mcdax's example). Only its DIRECT_DEBIT row is a published example:
// every field and value of python-comdirect-api's (newTransaction true
// included), which that source prints as a Python dict with its keys
// sorted; it is written here in JSON, in the field order of the other
// rows, so it is the same row but not the same bytes. The SECURITIES,
// INTEREST_DIVIDENDS, BANK_FEES, TRANSFER and MISCELLANEOUS rows and their
// booking texts are written in the documented shape, not copied from an
// answer comdirect gave.
//
// # Not verified
//
// The polling of a photoTAN push: the 20.04 documentation says only that the
// approval happens in the app; the link.href in the challenge and its
// {"status":"PENDING"|"AUTHENTICATED"} answer are what comdirect's clients
// report, not documented by comdirect here (a refusal's status word is
// unknown: anything but PENDING and AUTHENTICATED is taken as a refusal).
// The refresh token's lifetime (20 minutes assumed); paging-first and
// paging-count on depot transactions (the general paging of the API is
// assumed); comdirect's rate limit (not documented; 5 a second is assumed);
// the instrumentType words beyond SHARE, FUND and BOND; that client
// credentials are issued to every customer who activates API access.
// What a 403 means: comdirect documents none (nor a 401); it is read by
// OAuth's convention (RFC 6750), not from an answer seen.
//
// On the settlement account: paging-count and min-bookingDate are reported
// by one client (mcdax), not documented; 2000-01-01 as the start of a whole
// history (comdirect's limit, if any, is unknown); that rows come newest
// first (what the clients rely on, not documented). The keys of
// STANDING_ORDER, SAVING_PLAN, CURRENCY_EXCHANGE, FOREIGN_CURRENCY_EXCHANGE,
// CANCELLATION and the other categories no client reports (taken from the
// English texts; the texts are matched too). How comdirect words a Storno
// (the reversal of a trade's cash leg assumed to name the trade; one of a
// dividend, a tax or a fee to name it) and whether a cancelled trade also
// leaves the depot's transactions (taken so: its Storno is left out);
// whether Devisen and Sorten rows ever name a depot's business (taken as
// money in or out whatever their text). Which depot comdirect itself counts
// a shared settlement account with (none: the first listed is taken). The
// booking texts: how comdirect words a trade's cash leg ("Kauf", "Verkauf"
// assumed), a tax settlement (booked, as assumed, under Sonstiges with
// "Steuer" in its text) or a coupon; a Wertpapier row that names none of the
// words is taken as a trade's cash leg. Whether a savings plan's debit is
// booked as Sparplan or as Wertpapier (both are left out). That the cash
// leg's amount includes the commission while the depot's transactionValue
// does not (so the commission is lost, not counted twice). A 404 for an
// account without transactions (the swagger's, not seen in an answer).
package comdirect
