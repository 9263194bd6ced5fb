package fakekit

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

// PostForm posts form to addr as a fake's test does (an OAuth token or a
// session endpoint), failing t when the request cannot be made, and returns
// the answer's status and its JSON object (nil when the body holds none).
func PostForm(t testing.TB, addr string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(addr, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}
