package fake_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/webull"
	"github.com/latchkey/latchkey/integrations/webull/fake"
)

var t0 = time.Date(2026, 3, 16, 15, 4, 5, 0, time.UTC)

// send signs a request as the SDKs do and returns the status and the body.
func send(t *testing.T, f *fake.Server, method, path string, q url.Values, body string, app fake.App, alg string, edit func(http.Header)) (int, []byte) {
	t.Helper()
	u, _ := url.Parse(f.URL() + path)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(t.Context(), method, u.String(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ts := t0.Format(webull.TimestampLayout)
	h := req.Header
	h.Set(webull.HeaderAppKey, app.Key)
	h.Set(webull.HeaderTimestamp, ts)
	h.Set(webull.HeaderSigAlgorithm, alg)
	h.Set(webull.HeaderSigVersion, webull.SigVersion)
	h.Set(webull.HeaderSigNonce, "48ef5afed43d4d91ae514aaeafbc29ba")
	h.Set(webull.HeaderVersion, webull.APIVersion)
	h.Set(webull.HeaderSignature, webull.Signature(webull.SignInput{Path: path, Query: q, Body: []byte(body), Host: u.Host,
		AppKey: app.Key, Timestamp: ts, Nonce: "48ef5afed43d4d91ae514aaeafbc29ba", Algorithm: alg}, app.Secret))
	if edit != nil {
		edit(h)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func start(t *testing.T) *fake.Server {
	f, err := fake.New(fake.Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func errorCode(t *testing.T, b []byte) string {
	t.Helper()
	var e struct {
		Code    string `json:"error_code"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(b, &e); err != nil || e.Message == "" {
		t.Fatalf("not Webull's error body: %s", b)
	}
	return e.Code
}

// TestVersionRequired: a request without x-version is refused with
// MISSING_VERSION, on the data calls as on the token calls.
func TestVersionRequired(t *testing.T) {
	f := start(t)
	open := fake.Apps[1]
	for _, path := range []string{"/openapi/config", "/app/subscriptions/list", "/account/balance", "/account/positions", "/openapi/trade/order/history"} {
		status, b := send(t, f, http.MethodGet, path, nil, "", open, webull.SigAlgorithm, func(h http.Header) { h.Del(webull.HeaderVersion) })
		if status != http.StatusUnauthorized || errorCode(t, b) != "MISSING_VERSION" {
			t.Errorf("%s without x-version: %d %s", path, status, b)
		}
		status, b = send(t, f, http.MethodGet, path, nil, "", open, webull.SigAlgorithm, func(h http.Header) { h.Set(webull.HeaderVersion, "v1") })
		if status == http.StatusOK {
			t.Errorf("%s with x-version v1 answered %s", path, b)
		}
	}
	if status, b := send(t, f, http.MethodPost, "/openapi/auth/token/create", nil, "{}", fake.Apps[0], webull.SigAlgorithm,
		func(h http.Header) { h.Del(webull.HeaderVersion) }); status != http.StatusUnauthorized || errorCode(t, b) != "MISSING_VERSION" {
		t.Errorf("token create without x-version: %d %s", status, b)
	}
}

// TestSignatureChecked: a wrong signature is refused; both algorithms the
// SDKs use are accepted.
func TestSignatureChecked(t *testing.T) {
	f := start(t)
	open := fake.Apps[1]
	status, b := send(t, f, http.MethodGet, "/openapi/config", nil, "", open, webull.SigAlgorithm,
		func(h http.Header) { h.Set(webull.HeaderSignature, "kvlS6opdZDhEBo5jq40nHYXaLvM=") })
	if status != http.StatusUnauthorized || errorCode(t, b) != "UNAUTHORIZED" {
		t.Errorf("bad signature: %d %s", status, b)
	}
	for _, alg := range []string{webull.SigAlgorithm, webull.SigAlgorithmSHA256} {
		status, b := send(t, f, http.MethodPost, "/openapi/auth/token/create", nil, "{}", fake.Apps[0], alg, nil)
		if status != http.StatusOK || !strings.Contains(string(b), `"status":"PENDING"`) {
			t.Errorf("%s: %d %s", alg, status, b)
		}
	}
	status, b = send(t, f, http.MethodGet, "/openapi/config", nil, "", open, "HMAC-MD5", nil)
	if status != http.StatusUnauthorized || errorCode(t, b) != "SIGNATURE_ALGORITHM_NOT_SUPPORTED" {
		t.Errorf("unknown algorithm: %d %s", status, b)
	}
}

// TestTokenRequired: an App Key with 2FA on reads no data without a NORMAL
// token; GET /openapi/config says which keys need one.
func TestTokenRequired(t *testing.T) {
	f := start(t)
	for _, c := range []struct {
		app  fake.App
		want string
	}{{fake.Apps[0], `{"token_check_enabled":true}`}, {fake.Apps[1], `{"token_check_enabled":false}`}} {
		if status, b := send(t, f, http.MethodGet, "/openapi/config", nil, "", c.app, webull.SigAlgorithm, nil); status != http.StatusOK || strings.TrimSpace(string(b)) != c.want {
			t.Errorf("%s config: %d %s", c.app.Key, status, b)
		}
	}
	status, b := send(t, f, http.MethodGet, "/app/subscriptions/list", nil, "", fake.Apps[0], webull.SigAlgorithm, nil)
	if status != http.StatusUnauthorized || errorCode(t, b) != "INVALID_TOKEN" {
		t.Errorf("no token: %d %s", status, b)
	}
}

// TestOrderHistoryShape: the reply is a bare array of entries whose orders
// carry the SDK's NOrderItem names; with no dates it covers the last 7 days.
func TestOrderHistoryShape(t *testing.T) {
	f := start(t)
	q := url.Values{"account_id": {"QJHO3P1PR9425Q6UAT7QLJTEKB"}, "start_date": {"2025-09-16"}, "page_size": {"100"}}
	status, b := send(t, f, http.MethodGet, "/openapi/trade/order/history", q, "", fake.Apps[1], webull.SigAlgorithm, nil)
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, b)
	}
	var page []map[string]json.RawMessage
	if err := json.Unmarshal(b, &page); err != nil || len(page) != 100 {
		t.Fatalf("want a full page as a JSON array: %v (%d)", err, len(page))
	}
	var items []map[string]any
	if err := json.Unmarshal(page[0]["orders"], &items); err != nil || len(items) != 1 {
		t.Fatalf("orders: %v", err)
	}
	for _, k := range []string{"client_order_id", "order_id", "symbol", "side", "status", "instrument_type", "total_quantity", "filled_quantity", "place_time", "place_time_at"} {
		if _, ok := items[0][k].(string); !ok {
			t.Errorf("order item lacks the string %s: %v", k, items[0])
		}
	}
	delete(q, "start_date")
	_, b = send(t, f, http.MethodGet, "/openapi/trade/order/history", q, "", fake.Apps[1], webull.SigAlgorithm, nil)
	if err := json.Unmarshal(b, &page); err != nil || len(page) == 0 || len(page) > 10 {
		t.Errorf("the last 7 days: %d entries (%v)", len(page), err)
	}
}
