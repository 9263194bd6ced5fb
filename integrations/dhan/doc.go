// Package dhan is the Dhan integration ("dhan"): an Indian investor's Dhan
// trading and demat account through DhanHQ's v2 Trading API, with the
// 24-hour access token the user makes on web.dhan.co.
//
// # Login
//
// Two methods, one login (the fingerprint is the Client ID's either way).
//
// A pasted access token (integrations.AuthToken) with the Dhan Client ID:
// "Login to web.dhan.co → My Profile → Access DhanHQ APIs → generate Access
// Token for a validity of 24 hours" (DhanHQ v2 Authentication). Every call
// carries the headers access-token and client-id (the official SDK,
// dhan_http.py, sends both). The login checks the token with GET /profile,
// whose dhanClientId must be the Client ID entered (a token of another
// client is refused as invalid credentials).
//
// The API key and secret (integrations.AuthOAuth2, the user's own key in
// Settings › App registrations; Latchkey ships none): the form asks for the
// Client ID; POST https://auth.dhan.co/app/generate-consent?client_id=
// <Client ID> with the headers app_id and app_secret answers a
// consentAppId; the browser opens
// https://auth.dhan.co/login/consentApp-login?consentAppId=..., the user
// logs in (mobile number, TOTP or OTP, PIN) and Dhan redirects to the URL
// registered with the key, http://127.0.0.1:8715/callback (another port can
// be set in Settings), with tokenId; GET /app/consumeApp-consent?tokenId=
// with app_id and app_secret answers dhanClientId and the accessToken (and
// expiryTime), checked like a pasted token. Dhan sends no state back, so the
// flow listens on the fixed registered path; a tokenId is worthless without
// the API secret. A pasted redirect address works too.
//
// # Daily expiry
//
// A token ends 24 hours after it was made. Grant.Expiry is the token's JWT
// exp claim (integrations.JWTExpiry, read without verifying: Dhan's tokens
// are JWTs carrying exp and dhanClientId), else the profile's tokenValidity
// ("30/03/2025 15:37", India time), else 24 hours from the login. The
// connection shows as expiring in the token's last 3 hours
// (Institution.ExpiringWithin) and is disabled after it; the client refuses
// locally once it has passed, and Dhan's DH-901 is ErrReauthRequired. There
// is no refresh: the user pastes a new token each day they sync.
//
// # Data
//
// One account per login (indiakit.Account: its id a hash of the Client ID,
// its number the last four digits).
//
//   - Balances: GET /fundlimit; availabelBalance (Dhan's own spelling; the
//     corrected one is read too) is the cash and buying power, kept to paise;
//     the total adds the holdings at their last price.
//   - Positions: GET /holdings (units totalQty — delivered and T1 — priced
//     by lastTradedPrice where the answer has it, else PriceUnknown: Dhan's
//     quotes are a paid Data API, so Latchkey asks for none) and the open
//     rows (netQty ≠ 0) of GET /positions, which carry no last price and are
//     PriceUnknown with their costPrice (or buy/sell average); an option by
//     drvOptionType CALL/PUT, a future "other", on NSE_FNO, BSE_FNO or
//     MCX_COMM. A holding sold today appears in both, the sale as a negative
//     CNC position.
//   - Activities, from since's date (integrations.HistoryStart: at most five
//     years back) to today in India:
//     the trade history GET /trades/{from-date}/{to-date}/{page} from page 0
//     until an empty page (or one of fills already read), with its charges
//     (sebiTax, stt, brokerageCharges, serviceTax, exchangeTransactionCharges,
//     stampDuty) as the fee, and today's trade book GET /trades; a fill is
//     kept once by exchangeTradeId. BUY and SELL map to BUY and SELL (units
//     negative for a sell, amount negative for a buy); anything else is
//     OTHER.
//   - And the ledger's pay-ins, pay-outs, charges, interest and other rows
//     (below), but the settlements of trades. The ledger never gates the
//     fills: when it cannot be read (below) the fills come all the same.
//
// Institution.HistoryRevision is 1 since the ledger is read: a connection
// synced before reads its whole history once more, so the ledger's rows
// reach back as far as the trades'.
//
// # The ledger
//
// The Ledger Report, GET /ledger?from-date=&to-date= (YYYY-MM-DD, both
// required), is asked for at most 365 days a call, the windows end to end
// from the same start as the trade history, keeping of each answer only the
// rows dated inside its window (so no row is read twice). A row's amount is
// its credit less its debit (the documentation: each is 0 when the other is
// not), its date voucherdate ("Jun 22, 2022"), its RawType the narration
// (else voucherdesc), its id a hash of its fields (integrations.RowIDs: a
// voucher number may post several rows); a row whose amount is 0 is
// skipped. The first of these rules that matches, on voucherdesc and the
// narration's whole words (wireLedger.kind in decode.go), says what it is:
//
//  1. "Opening balance", "Closing balance": skipped, no movement.
//  2. A bank voucher (voucherdesc naming BNK or BANK; the documented sample
//     is narration "FUNDS WITHDRAWAL", voucherdesc "PAYBNK"): a pay-in or a
//     pay-out, CONTRIBUTION or WITHDRAWAL by the amount's sign
//     (integrations.BySign).
//  3. A bill voucher (voucherdesc BILL...): a trade's settlement, left out.
//  4. "Running account" or a quarterly or monthly settlement (unused funds
//     sent back to the bank): WITHDRAWAL (CONTRIBUTION if a credit).
//  5. A trade's settlement by its narration: starting "Bill", or naming an
//     obligation, MTM, a premium, a net settlement or a settlement number
//     (SETTLEMENT NO, SETT NO): left out.
//  6. Interest: INTEREST.
//  7. Charges, fees, AMC, GST, a penalty, maintenance (DP charges, which the
//     trade history's charges do not hold): FEE, negative for a debit.
//  8. Funds added, deposited or withdrawn, a pay-in or pay-out, a bank rail
//     (UPI, NEFT, RTGS, IMPS): CONTRIBUTION or WITHDRAWAL by sign.
//  9. Anything else: OTHER, its amount signed by debit or credit, the
//     narration kept as RawType.
//
// Trades' settlements are left out because the trade history already gives
// each fill's cash (its value with its charges) and the ledger carries the
// same cash again as the day's settlement: Dhan's "Ledger Narration: A Guide
// to Understanding Entries" (community.dhan.co/t/3502) lists among a
// ledger's entries "Profit or loss incurred by selling or buying stocks"
// and "Settlement against trades/transactions you do on exchanges". Listing
// both would count every trade twice and make the account's flows wrong.
// A bill is taken to be net of the contract note's brokerage and taxes, as
// Indian brokers' bills are, so those are not read again from the ledger.
//
// A ledger that cannot be read in full does not stop the fills: a window
// refused (DH-905, DH-902, a 5xx, a rate limit) or answered with something
// that is not a ledger (an error body, not JSON) is skipped and the next
// window asked for (a rate limit ends the walk there: what follows is not
// read either); a row Latchkey would list whose date or amount cannot be
// read is not kept, and the other rows of its window are. Either way
// Activities returns the fills and every ledger row read with an error
// matching ErrPartial that says "the ledger (deposits, withdrawals,
// charges) from <date> to <date> could not be read" (windows that meet
// named as one span; integrations.KeepPartial), never silently fewer rows.
// A balance line or a trade's settlement, left out anyway, is never
// unreadable. A dead grant (DH-901) or an ended context at the ledger
// fails the read, as everywhere. An empty answer, {}, [] or null, is no
// rows. The app (app/sync.go) adds a partial read's rows to what it keeps
// (activitiesKept: upserted, nothing dropped, never taken as the whole
// window); its sync still counts as a success, so the next sync starts a
// week before this one and a window not read that lies further back is not
// asked for again until the history is read whole once more (a higher
// HistoryRevision).
//
// Amounts arrive as JSON numbers (the ledger's as strings, "20000.00") and
// are read from their text, never through float64: the fills' through
// integrations.Number; the ledger's debit and credit as a string or a JSON
// number, a string also with thousands separators in the Indian
// ("2,00,000.00") or international ("200,000.00") grouping (Dhan writes a
// decimal point, so a comma is never a decimal comma). An amount of any
// other form ("20.000,00", "1,50", "NaN") makes its row unreadable; an
// absent, null or "" debit or credit is none, and a row needs one of the
// two.
//
// # Errors and rate limits
//
// Dhan's envelope is {"errorType","errorCode","errorMessage"} (DhanHQ v2
// Introduction → Errors; the codes in the Annexure): DH-901
// Invalid_Authentication (or a 401/403 without a code) → ErrReauthRequired,
// during the login ErrInvalidCredentials; DH-902 (no access / not
// subscribed) and DH-903 (account or segment) → ErrNotSupported; DH-904 or
// HTTP 429 → *integrations.RateLimitError (Retry-After, else one second: the
// limits are per second); DH-905 to DH-910 and 5xx → ErrUnavailable. The
// documented limits are per user: Non Trading APIs 20 a second
// (Institution.RatePerSecond 20), Data APIs 5, Quote APIs 1, Order APIs 25.
//
// # Sources
//
//   - DhanHQ v2 documentation, https://dhanhq.co/docs/v2/ (Introduction:
//     base URL api.dhan.co/v2, the access-token header, the error envelope,
//     the rate-limit table), /authentication/ (the 24-hour token from Dhan
//     Web; API key and secret with the consent flow), /statements/ (ledger,
//     trade history paths and fields), /annexure/ (exchange segments, product
//     types, DH-9xx codes); /docs/v1/portfolio for the holdings and positions
//     samples (v2 keeps the fields).
//   - The official SDK dhan-oss/DhanHQ-py @1670f81 (v2.3.0-rc1): routes in
//     _portfolio.py (/holdings, /positions), _funds.py (/fundlimit),
//     _statement.py (/trades/{order_id}, /trades/{from}/{to}/{page},
//     ledger_report: /ledger?from-date=&to-date=, the query names with
//     hyphens as the v2 page's curl), auth.py (/profile with access-token;
//     generate-consent, consumeApp-consent, generateAccessToken,
//     RenewToken), dhan_http.py (headers access-token, client-id; errors
//     read from errorCode, errorType, errorMessage), and its tests/data
//     samples (get-current-holdings.json carries lastTradedPrice;
//     get_fund_limits.json spells availabelBalance; get_ledger_report.json
//     is a template naming the nine ledger fields, each "string", under the
//     SDK's own {"status","remarks","data"} wrapper).
//   - The Ledger Report on /statements/: the fields dhanClientId,
//     narration, voucherdate, exchange, voucherdesc, vouchernumber, debit,
//     credit, runbal, every one typed string; its sample (one row, a
//     FUNDS WITHDRAWAL of "20000.00" by PAYBNK) is testdata/ledger.json,
//     whitespace as the v1 page prints the same sample. An older copy of
//     the page (and v1) spells the query from_date and to_date; the current
//     page and the SDK spell from-date and to-date, which Latchkey sends.
//     The page shows the answer as one object; Latchkey reads an array of
//     such rows, or the one object.
//
// testdata/ holds the documentation's samples (profile, fundlimit, the v1
// holdings and positions samples, trade history, trade book, ledger, the
// DH-901 error).
//
// # Not verified
//
// The PIN + TOTP login (generateAccessToken, which takes the PIN in the
// query string) is documented but not offered. Not verified: that Dhan's
// consent login page ignores the extra parameters Latchkey's flow adds to
// its address (client_id, redirect_uri, response_type; the fake uses
// redirect_uri in place of the registered URL); the time zone of
// consumeApp-consent's expiryTime (India time is assumed where the token
// carries no exp); that every v2 holdings answer
// carries lastTradedPrice (the v1 sample has none; holdings without it are
// PriceUnknown); the trade history's page size, how far back it reaches and
// what a page past the end holds (an empty list is assumed; a page of fills
// already read also ends the walk); whether the trade history includes
// today's fills (today's trade book is read too, deduplicated); the HTTP
// status that carries each DH code (the code is read first); Retry-After on
// 429; that exchangeTradeId is unique per exchange and day. Of the ledger:
// whether the answer is an array (the page shows one object; an array is
// assumed and the object read too); how long a range one call may ask for
// and how far back it reaches (neither is documented: a year a call, five
// years back, are assumed); every narration and voucherdesc but the
// documented FUNDS WITHDRAWAL / PAYBNK — the rules above for pay-ins
// (a receipt bank voucher, "Funds added"), bills, obligations, MTM, DP
// charges and interest follow Indian brokers' usual back-office words, not
// a Dhan source, and a settlement row they miss would be listed as OTHER
// (counted twice); that a trade's bill is net of its brokerage and taxes
// (were those posted as rows of their own they would be FEE as well as the
// fill's fee); the voucherdate formats other than "Jun 22, 2022" (a row in
// another makes its window partial); whether debit and credit are ever
// numbers, negative, or with thousands separators (read as above; no Dhan
// source shows one).
package dhan
