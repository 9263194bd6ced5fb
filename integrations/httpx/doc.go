// Package httpx is the HTTP plumbing integrations share.
//
// [New] builds the client of one institution: per-attempt timeouts (dial, TLS,
// response header, whole attempt including the body), the institution's rate
// limiter (golang.org/x/time/rate; one per connection for a limit counted per
// grant, one per institution for a limit per client address: see
// integrations.RateScope and Registry.EnvFor), bounded retries with
// exponential backoff (github.com/cenkalti/backoff/v5) of transient failures
// (network errors, 500/502/503/504, 429) for GET and HEAD requests and for
// requests whose context is marked with [MarkRetryable], Retry-After
// honoured up to a cap, and a response size limit. Context cancellation ends
// every wait.
//
// Helpers map responses onto the contract's errors: [StatusError],
// [DecodeJSON], [ReadBody], [RetryAfter]. None of their errors holds a
// response body.
//
// Secrets stay out of logs and errors: [Redact] removes secret query values,
// header values and bearer tokens from text, a [Redactor] also removes the
// exact tokens and keys an integration registers, and [SafeError] (or [Do])
// cleans the *url.Error http.Client returns, whose text holds the full
// request URL.
//
// Redirects follow one policy, [CheckRedirect], applied again by the
// transport to whatever client wraps it: at most [MaxRedirects], never from
// https to http, and nothing that identifies the user (credential headers,
// cookies, Referer, a request body, a signed query string) to another
// origin than the request's.
package httpx
