package bitvavo

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// TestSign checks Sign against the official SDK's own test vectors
// (node-bitvavo-api test/utils.spec.js, v1.5.0 commit 644f2d1: secret
// "bitvavo", a GET of /websocket and a POST of /order with a body, each
// signed over "/v2" + the path) and against a value computed independently
// with Python's hmac.
func TestSign(t *testing.T) {
	if got := Sign("bitvavo", "1548175200641", "GET", "/v2/websocket", ""); got != "653fc0505431c63a043273da4bd2f0927eae83948d796084f313e5d1131b0d6f" {
		t.Errorf("GET: %s", got)
	}
	body := `{"market":"BTC-EUR","side":"buy","price":"5000","amount":"1.23","orderType":"limit"}`
	if got := Sign("bitvavo", "1548172481125", "POST", "/v2/order", body); got != "44d022723a20973a18f7ee97398b9fdd405d2d019c8d39e24b8cc0dcb39ca016" {
		t.Errorf("POST: %s", got)
	}
	if got := Sign("bitvavo", "1548172481125", "GET", "/v2/balance", ""); got != "c8b8f973d8d4d41f907e8eef893199d9b550e74019d5f2dc29b000acd1a2838a" {
		t.Errorf("balance: %s", got)
	}
}

func TestErrorMapping(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	sig := fixture(t, "error_signature.json")
	if err := mapError(403, nil, sig, false, now); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("data: %v", err)
	}
	if err := mapError(403, nil, sig, true, now); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("login: %v", err)
	}
	reset := http.Header{"Bitvavo-Ratelimit-Resetat": {strconv.FormatInt(now.Add(42*time.Second).UnixMilli(), 10)},
		"Bitvavo-Ratelimit-Allowat": {strconv.FormatInt(now.Add(15*time.Minute).UnixMilli(), 10)}}
	err := mapError(429, reset, []byte(`{"errorCode":103,"error":"You have been rate limited."}`), false, now)
	brokertest.WantWait(t, "103", err, 42*time.Second)
	err = mapError(403, reset, []byte(`{"errorCode":105,"error":"banned"}`), false, now)
	brokertest.WantWait(t, "105", err, 15*time.Minute)
	// The SDKs read a ban's end from its message (updateRateLimit: " at <ms>.").
	err = mapError(403, http.Header{}, fixture(t, "error_ban.json"), false, now)
	brokertest.WantWait(t, "105 from the message", err, 5*time.Minute)
	for code, want := range map[int]error{304: integrations.ErrUnavailable, 311: integrations.ErrReauthRequired,
		305: integrations.ErrReauthRequired, 101: integrations.ErrUnavailable, 205: integrations.ErrUnavailable} {
		b := []byte(`{"errorCode":` + strconv.Itoa(code) + `,"error":"x"}`)
		if err := mapError(400, nil, b, false, now); !errors.Is(err, want) {
			t.Errorf("%d: %v", code, err)
		}
	}
}

// TestSavedKeyRefused: a saved key that does not read asks for a new
// login; without Bitvavo's API address the client is unavailable.
func TestSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, New()[0], secret{Key: "LKdemoBitvavoKey", Secret: "LKdemoBitvavoSecret"}.Encode())
}
