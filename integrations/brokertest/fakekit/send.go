package fakekit

import (
	"encoding/json"
	"net/http"
	"testing"
)

// Send sends a request (method, url, header, no body) to a fake and returns
// its status and its JSON object body (nil when the body is none): a fake's
// own test of what a route answers.
func Send(t testing.TB, method, url string, header http.Header) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}
