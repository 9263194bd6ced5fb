// Package kraken connects Kraken's spot exchange ("kraken") with a read-only
// API key.
//
// Private calls are POST /0/private/<Method> with a form body holding a
// nonce, signed in the API-Sign header: base64(HMAC-SHA512(base64-decoded
// private key, "/0/private/<Method>" ‖ SHA256(nonce ‖ body))); the public
// key goes in API-Key. Nonces are the clock in microseconds, kept strictly
// increasing within the process, so they increase across restarts too.
// Private calls are never retried by the transport: a retry would resend a
// nonce Kraken has seen. Every answer is {"error":[...],"result":...}; API
// errors come with HTTP 200 and are mapped from their strings
// (EAPI:Invalid key / Invalid signature / EGeneral:Permission denied →
// invalid credentials at login, reauthorisation afterwards; EAPI:Rate limit
// exceeded → rate limited; EService:* → unavailable; EGeneral:Temporary
// lockout → locked; EAPI:Invalid nonce → unavailable, transient).
//
// Data: Balance (asset codes X/Z-prefixed — XXBT, ZUSD — and variants such
// as DOT.S for staked funds, merged into one asset), Ledgers paged 50 at a
// time with ofs until count, and the public AssetPairs and Ticker for USD
// prices. A trade's two ledger legs (same refid) become one BUY or SELL
// priced in the cash currency; deposits, withdrawals, staking rewards and
// transfers map by type; unknown types are OTHER. Kraken's API has no user
// id, so a login's fingerprint is the id of the account's oldest ledger
// entry (Ledgers with ofs = count-1): stable across keys of one account.
//
// # Sources
//
//   - https://docs.kraken.com/api/docs/guides/spot-rest-auth (signing, nonce,
//     the worked example tested in sign_test.go: private key
//     kQH5HW/8p1uG…, nonce 1616492376594, AddOrder → 4/dpxb3iT4tp…)
//   - https://docs.kraken.com/api/docs/rest-api/get-ledgers (Ledgers
//     fields, ofs, 50 per page, start/end exclusive; the example in
//     testdata/ledgers.json), get-account-balance, get-ticker-information,
//     get-tradable-asset-pairs
//   - https://docs.kraken.com/exchange/guides/rest/ratelimits.md (counter,
//     ledger calls cost 2, decay rates)
//   - public clients read for the same facts: python-kraken-sdk, ccxt
//     kraken.py (error strings, X/Z asset aliases)
//
// Not verified: the exact list of ledger types and subtypes beyond trade,
// deposit, withdrawal, transfer, staking, earn, spend, receive, adjustment,
// rollover, margin and dividend (others map to OTHER and keep their raw
// type); that Kraken answers every error with HTTP 200 (a 401/403/429/5xx
// from a proxy is mapped too); Kraken's API-key OAuth for partners (not
// offered).
package kraken
