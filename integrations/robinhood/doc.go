// Package robinhood connects Robinhood Crypto through Robinhood's official
// Crypto Trading API (https://trading.robinhood.com). Robinhood's stocks and
// options have no official API; only crypto is reached here.
//
// # Who may use it
//
// Any Robinhood Crypto customer: "Get started with creating your keys on the
// Crypto Account Settings Page (robinhood.com/account/crypto), available only
// on a desktop web browser" (docs.robinhood.com/crypto/trading,
// Introduction). Use is subject to the Robinhood Crypto Customer Agreement.
//
// # Login
//
// The user makes an Ed25519 key pair (the docs give Python PyNaCl and
// Node.js tweetnacl scripts: base64 of the 32-byte seed, or of the 64-byte
// secret key — seed then public key), registers the public key as an API
// credential in the crypto settings and receives an API key ("rh-api-<uuid>"
// since 2024-08-13; older keys have no prefix). The form takes the API key
// and the private key (both base64 forms, or a PKCS #8 PEM block; a 64-byte
// key whose public half is not its seed's is refused). One signed GET of
// the account proves it: 401 or 403 keep the form with
// ErrInvalidCredentials. The grant holds both; it has no expiry (the docs
// give credentials none: the user modifies, disables or deletes them), so
// Grant.Expiry is zero and no expiring badge shows. A credential deleted or
// disabled later answers 401/403: ErrReauthRequired, repaired by a new key.
// The fingerprint hashes the account number.
//
// # Signing
//
// Every request carries x-api-key, x-timestamp (Unix seconds) and
// x-signature: base64(Ed25519(private key, api_key + timestamp + path +
// method + body)) — path with its query string, the upper-case method, the
// body as sent ("" for a GET: "for requests without a body, the body can be
// omitted"). A timestamp is valid 30 seconds. The docs' Example Signature is
// reproduced by TestSignatureDocumentedExample; note its quirk: the table
// shows the body as compact JSON, but the published signature
// (q/nEtxp/P2Or…) is of the Python example's str(body), the dict's repr with
// single quotes. Latchkey signs only GETs, so no body is ever signed.
//
// # Data
//
//   - Account: GET /api/v1/crypto/trading/accounts/ — one object:
//     account_number, status (active, deactivated, sell_only),
//     buying_power, buying_power_currency. One account, id "crypto", its
//     number masked.
//   - Holdings: GET /api/v1/crypto/trading/holdings/ (asset_code repeated,
//     limit, cursor) — {next, previous, results: [{account_number,
//     asset_code, total_quantity, quantity_available_for_trading}]}; v1 gives
//     the quantities as numbers, v2 as strings: both are read as decimals by
//     their text. Zero holdings are dropped.
//   - Prices: GET /api/v1/crypto/marketdata/best_bid_ask/?symbol=BTC-USD&…
//     (upper case, USD pairs only) — results [{symbol, price,
//     bid_inclusive_of_sell_spread, sell_spread, ask_inclusive_of_buy_spread,
//     buy_spread, timestamp}]. A position is valued at price (the mid),
//     else at the bid inclusive of the sell spread; an asset without a
//     quote keeps its units with PriceUnknown. When the call fails the
//     positions keep their units (PricesUnknown, ErrPartial) and Balances
//     fails with it (its total needs the prices).
//   - Balance: one, in buying_power_currency (USD): Cash and BuyingPower the
//     buying power, Total adding the holdings' value.
//   - Activities: GET /api/v1/crypto/trading/orders/ — filters
//     created_at_start/_end, updated_at_start/_end (ISO 8601), symbol, id,
//     side, state (open, canceled, partially_filled, filled, failed), type
//     (limit, market, stop_limit, stop_loss), cursor, limit; results [{id,
//     account_number, symbol, client_order_id, side, executions
//     [{effective_price, quantity, timestamp}], type, state, average_price,
//     filled_asset_quantity, created_at, updated_at, *_order_config}].
//     `since` is sent as updated_at_start (an order placed before since and
//     filled after it counts) and executions dated before it are dropped.
//     Each execution is one activity (id "<order id>:<n>"): buy or sell
//     (any other side OTHER with its raw text), units of the pair's asset
//     (negative for a sale), at effective_price, the amount its notional,
//     dated in UTC; canceled or partially filled orders keep what executed.
//     The v1 order carries no fee: Robinhood's spread is in the price.
//   - Paging: next and previous are absolute links on trading.robinhood.com
//     carrying a cursor; the client follows the cursor on its configured
//     base until next is null.
//
// # Errors and rate limits
//
// The error body is {"type", "errors": [{"attr", "detail"}]}:
// validation_error for 400 (attr names the field or non_field_errors),
// client_error for other 4xx, server_error for 5xx (docs, Error Responses;
// common statuses 400, 401, 403, 404, 405, 406, 415, 429, 500, 503). 401 and
// 403 refuse the credential (ErrInvalidCredentials at login,
// ErrReauthRequired after); 429 is a RateLimitError (Retry-After when sent,
// else 2 s: the bucket refills one request in 0.6 s); 5xx is
// ErrUnavailable; a 400 or other 4xx is ErrUnavailable naming the type and
// field, never the detail. Limits: 100 requests a minute per user account,
// 300 in bursts, as a token bucket whose values "fluctuate" and are
// "applied per endpoint" (docs, Rate Limiting): RateScopeGrant,
// RatePerSecond 100/60, RateBurst 300. The fake approximates the bucket
// with a 300-a-minute window counted per user account (every credential of
// the user together).
//
// # Sources
//
//   - docs.robinhood.com/crypto/trading (Trading API 1.0.0): Introduction,
//     Getting Started (the official Python sample CryptoAPITrading: base URL,
//     headers, message, paths), Authentication (key pair scripts, API key
//     format, Example Signature, 30-second timestamps), Pagination, Rate
//     Limiting, Error Responses, and the Account, Market Data and Trading
//     operations' parameters and response samples — read in the transcript
//     samjtro/go-robinhoodcrypto internal/docs/ROBINHOOD_DOCS.md @38e062e,
//     and against copies of the official sample script in public
//     repositories.
//   - v1 versus v2 (v2 holdings quantities as strings; v2 accounts a
//     paginated list): nirholas/robinhood-toolkit's API page, "verified
//     against the live OpenAPI spec, 2026-07-20" (secondary).
//   - Fixtures: testdata/*.json follow the documented response samples
//     (their example ids, timestamps and next links, real values where the
//     samples say "string" or 0); error_validation.json is the documented
//     error example with its missing comma restored. The fake's demo
//     credential is the docs' example key pair and API key.
//
// # Not verified
//
//   - Whether a credential can be limited to reading: the docs describe no
//     permissions; the help asks for read-only where Robinhood offers it.
//   - Whether credentials can expire (none documented) and the exact status
//     of a disabled credential (401 or 403: both refuse it).
//   - Retry-After or rate-limit headers on 429 (none documented), the
//     default and largest limit of a page, and whether the holdings list
//     includes zero balances.
//   - The error bodies' detail texts (the fake's are made up).
//   - Whether executions' quantity and effective_price are always strings
//     (the sample says so; numbers are read too).
package robinhood
