package fakekit

import (
	"net/http"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Answer is how an institution answers one of the suite's injected faults:
// the HTTP status, the error code and message of its documented error body
// (Faults appends brokertest.BodyCanary to the message), and the headers
// it sends with them: RetryAfter is "Retry-After: 1"; Header writes its own
// (a spent rate window's, Rate.Exhausted).
type Answer[C any] struct {
	Status     int
	Code       C
	Message    string
	RetryAfter bool
	Header     func(http.Header)
}

// Faults is an Injector.Write for an institution whose error body
// write(w, status, code, message) writes: it answers the faults answers
// names that way, and leaves the others to the Injector's generic answers.
func Faults[C any](write func(w http.ResponseWriter, status int, code C, msg string), answers map[brokertest.Fault]Answer[C]) func(http.ResponseWriter, *http.Request, brokertest.Fault) bool {
	return func(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
		a, ok := answers[f]
		if !ok {
			return false
		}
		if a.RetryAfter {
			w.Header().Set("Retry-After", "1")
		}
		if a.Header != nil {
			a.Header(w.Header())
		}
		write(w, a.Status, a.Code, a.Message+" "+brokertest.BodyCanary)
		return true
	}
}

// Reply is a Gate's Deny or Limited for an institution whose error body
// write(w, status, code, message) writes: it answers status with its code
// and message.
func Reply[C any](write func(w http.ResponseWriter, status int, code C, msg string), status int, code C, msg string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) { write(w, status, code, msg) }
}
