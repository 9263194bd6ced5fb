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

// The two x-signature-algorithm values the SDKs send.
const (
	sha1   = "HMAC-SHA1"
	sha256 = "HMAC-SHA256"
)

// send signs a request as the SDKs do (with the fake's own signature) and
// returns the status and the body.
func send(t *testing.T, f *fake.Server, method, path string, q url.Values, body string, app fake.App, alg string, edit func(http.Header)) (int, []byte) {
	t.Helper()
	u, _ := url.Parse(f.URL() + path)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(t.Context(), method, u.String(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	h := req.Header
	h.Set("x-app-key", app.Key)
	h.Set("x-timestamp", t0.Format("2006-01-02T15:04:05Z"))
	h.Set("x-signature-algorithm", alg)
	h.Set("x-signature-version", "1.0")
	h.Set("x-signature-nonce", "48ef5afed43d4d91ae514aaeafbc29ba")
	h.Set("x-version", "v2")
	h.Set("x-signature", fake.Sign(app.Secret, path, u.Host, h, q, []byte(body)))
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
		status, b := send(t, f, http.MethodGet, path, nil, "", open, sha1, func(h http.Header) { h.Del("x-version") })
		if status != http.StatusUnauthorized || errorCode(t, b) != "MISSING_VERSION" {
			t.Errorf("%s without x-version: %d %s", path, status, b)
		}
		status, b = send(t, f, http.MethodGet, path, nil, "", open, sha1, func(h http.Header) { h.Set("x-version", "v1") })
		if status == http.StatusOK {
			t.Errorf("%s with x-version v1 answered %s", path, b)
		}
	}
	if status, b := send(t, f, http.MethodPost, "/openapi/auth/token/create", nil, "{}", fake.Apps[0], sha1,
		func(h http.Header) { h.Del("x-version") }); status != http.StatusUnauthorized || errorCode(t, b) != "MISSING_VERSION" {
		t.Errorf("token create without x-version: %d %s", status, b)
	}
}

// TestSignatureChecked: a wrong signature is refused; both algorithms the
// SDKs use are accepted.
func TestSignatureChecked(t *testing.T) {
	f := start(t)
	open := fake.Apps[1]
	status, b := send(t, f, http.MethodGet, "/openapi/config", nil, "", open, sha1,
		func(h http.Header) { h.Set("x-signature", "kvlS6opdZDhEBo5jq40nHYXaLvM=") })
	if status != http.StatusUnauthorized || errorCode(t, b) != "UNAUTHORIZED" {
		t.Errorf("bad signature: %d %s", status, b)
	}
	for _, alg := range []string{sha1, sha256} {
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
		if status, b := send(t, f, http.MethodGet, "/openapi/config", nil, "", c.app, sha1, nil); status != http.StatusOK || strings.TrimSpace(string(b)) != c.want {
			t.Errorf("%s config: %d %s", c.app.Key, status, b)
		}
	}
	status, b := send(t, f, http.MethodGet, "/app/subscriptions/list", nil, "", fake.Apps[0], sha1, nil)
	if status != http.StatusUnauthorized || errorCode(t, b) != "INVALID_TOKEN" {
		t.Errorf("no token: %d %s", status, b)
	}
}

// TestOrderHistoryShape: the reply is a bare array of entries whose orders
// carry the SDK's NOrderItem names; with no dates it covers the last 7 days.
func TestOrderHistoryShape(t *testing.T) {
	f := start(t)
	q := url.Values{"account_id": {"QJHO3P1PR9425Q6UAT7QLJTEKB"}, "start_date": {"2025-09-16"}, "page_size": {"100"}}
	status, b := send(t, f, http.MethodGet, "/openapi/trade/order/history", q, "", fake.Apps[1], sha1, nil)
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
	_, b = send(t, f, http.MethodGet, "/openapi/trade/order/history", q, "", fake.Apps[1], sha1, nil)
	if err := json.Unmarshal(b, &page); err != nil || len(page) == 0 || len(page) > 10 {
		t.Errorf("the last 7 days: %d entries (%v)", len(page), err)
	}
}

func regionApp(t *testing.T, key string) fake.App {
	t.Helper()
	for _, a := range fake.Apps {
		if a.Key == key {
			return a
		}
	}
	t.Fatalf("no app %s", key)
	return fake.App{}
}

// TestRegions: each region serves under its prefix and knows only its own
// App Keys; Hong Kong asks every key for a token; Japan takes HMAC-SHA256
// only.
func TestRegions(t *testing.T) {
	f := start(t)
	hk, jp := regionApp(t, "wb-hk-app-key"), regionApp(t, "wb-jp-app-key-open")
	if status, b := send(t, f, http.MethodGet, "/hk/openapi/config", nil, "", hk, sha1, nil); status != http.StatusOK ||
		strings.TrimSpace(string(b)) != `{"token_check_enabled":true}` {
		t.Errorf("Hong Kong config: %d %s", status, b)
	}
	if status, b := send(t, f, http.MethodGet, "/openapi/config", nil, "", hk, sha1, nil); status != http.StatusUnauthorized || errorCode(t, b) != "UNAUTHORIZED" {
		t.Errorf("a Hong Kong key at Webull US: %d %s", status, b)
	}
	if status, b := send(t, f, http.MethodGet, "/hk/openapi/config", nil, "", fake.Apps[1], sha1, nil); status != http.StatusUnauthorized {
		t.Errorf("a US key in Hong Kong: %d %s", status, b)
	}
	if status, b := send(t, f, http.MethodGet, "/jp/openapi/config", nil, "", jp, sha1, nil); status != http.StatusUnauthorized ||
		errorCode(t, b) != "SIGNATURE_ALGORITHM_NOT_SUPPORTED" {
		t.Errorf("HMAC-SHA1 in Japan: %d %s", status, b)
	}
	if status, b := send(t, f, http.MethodGet, "/jp/openapi/config", nil, "", jp, sha256, nil); status != http.StatusOK ||
		strings.TrimSpace(string(b)) != `{"token_check_enabled":false}` {
		t.Errorf("Japan config: %d %s", status, b)
	}
	if got := f.Endpoints()[webull.IDJapan]["api"]; got != f.URL()+"/jp" {
		t.Errorf("Japan endpoint %s", got)
	}
}

// TestRegionalWindow: in Japan an App Key makes 2 balance or positions calls
// in 2 seconds; the third is 429 TOO_MANY_REQUESTS; the next window
// allows 2 again.
func TestRegionalWindow(t *testing.T) {
	now := t0
	f, err := fake.New(fake.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	jp := regionApp(t, "wb-jp-app-key-open")
	q := url.Values{"account_id": {"863417315629200527"}}
	for i, want := range []int{200, 200, 429} {
		status, b := send(t, f, http.MethodGet, "/jp/account/balance", q, "", jp, sha256, nil)
		if status != want || (status == 429 && errorCode(t, b) != "TOO_MANY_REQUESTS") {
			t.Errorf("call %d: %d %s", i, status, b)
		}
	}
	now = now.Add(2 * time.Second)
	if status, b := send(t, f, http.MethodGet, "/jp/account/positions", q, "", jp, sha256, nil); status != http.StatusOK {
		t.Errorf("next window: %d %s", status, b)
	}
}

// TestJapanBalanceShape: Japan answers the JPAccountBalance shape (no net
// liquidation value; the margin powers in camelCase as the reference page
// writes them).
func TestJapanBalanceShape(t *testing.T) {
	f := start(t)
	jp := regionApp(t, "wb-jp-app-key-open")
	_, b := send(t, f, http.MethodGet, "/jp/account/balance", url.Values{"account_id": {"863417315629300527"}}, "", jp, sha256, nil)
	var w map[string]any
	if err := json.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	if _, ok := w["infiniteMarginPower"]; !ok || w["total_asset"] != nil {
		t.Errorf("margin balance %s", b)
	}
	assets, _ := w["account_currency_assets"].([]any)
	if len(assets) != 1 || assets[0].(map[string]any)["total_cash"] == nil || assets[0].(map[string]any)["net_liquidation_value"] != nil {
		t.Errorf("assets %s", b)
	}
}
