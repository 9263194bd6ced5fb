package demo

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// Page sizes (defaults; page_size may ask for up to maxPage).
const (
	positionsPage  = 10
	activitiesPage = 100
	ledgerPage     = 100
	maxPage        = 500
)

// activityDateParam filters activities by trade date (YYYY-MM-DD).
const activityDateParam = "since"

// The signed-request headers of the crypto API, and how far a request's
// timestamp may be from the server's clock.
const (
	headerKey        = "DEMO-API-KEY"
	headerTimestamp  = "DEMO-API-TIMESTAMP"
	headerSignature  = "DEMO-API-SIGNATURE"
	headerConnection = "DEMO-API-CONNECTION"
	signatureWindow  = 30 * time.Second
)

// pageToken is the opaque cursor of a paged list: the offset of the next
// row, the anchor day the list was generated for (so paging across midnight
// stays consistent) and the filter it was asked with.
type pageToken struct {
	Offset int    `json:"o"`
	Anchor int    `json:"a"`
	Filter string `json:"f,omitempty"`
}

func (p pageToken) encode() string {
	b, _ := json.Marshal(p)
	return b64.EncodeToString(b)
}

// page reads the paging parameters of a request: the anchor day, the offset
// and the page size. It answers 400 itself when they are invalid.
func (s *Server) page(w http.ResponseWriter, r *http.Request, filter string, def int) (anchor, offset, size int, ok bool) {
	anchor, size = s.anchor(), def
	if v := r.URL.Query().Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPage {
			writeError(w, http.StatusBadRequest, "invalid_request", fmt.Sprintf("page_size must be 1 to %d.", maxPage))
			return 0, 0, 0, false
		}
		size = n
	}
	tok := r.URL.Query().Get("page_token")
	if tok == "" {
		return anchor, 0, size, true
	}
	var p pageToken
	b, err := b64.DecodeString(tok)
	if err != nil || json.Unmarshal(b, &p) != nil || p.Offset < 0 || p.Filter != filter || p.Anchor > anchor || p.Anchor < anchor-2 {
		writeError(w, http.StatusBadRequest, "invalid_page_token", "The page token is invalid or expired.")
		return 0, 0, 0, false
	}
	return p.Anchor, p.Offset, size, true
}

// slice returns rows [offset, offset+size) of n and the next page token.
func pageOf(n, anchor, offset, size int, filter string) (lo, hi int, next string) {
	lo = min(offset, n)
	hi = min(lo+size, n)
	if hi < n {
		next = pageToken{Offset: hi, Anchor: anchor, Filter: filter}.encode()
	}
	return lo, hi, next
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, p principal, anchor int) *account {
	a := s.portfolio(p.sub, anchor, false).account(r.PathValue("id"))
	if a == nil {
		writeError(w, http.StatusNotFound, "account_not_found", "No such account.")
	}
	return a
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request, p principal) {
	writeJSON(w, http.StatusOK, map[string]string{"user_id": p.sub, "username": p.user, "name": "Demo Investor"})
}

func (s *Server) handleAccounts(w http.ResponseWriter, r *http.Request, p principal) {
	var out []wireAccount
	for _, a := range s.portfolio(p.sub, s.anchor(), false).accounts {
		out = append(out, a.wire)
	}
	writeJSON(w, http.StatusOK, map[string]any{"accounts": out})
}

func (s *Server) handleBalances(w http.ResponseWriter, r *http.Request, p principal) {
	if a := s.account(w, r, p, s.anchor()); a != nil {
		writeJSON(w, http.StatusOK, map[string]any{"account_id": a.wire.ID, "balances": a.balances})
	}
}

func (s *Server) handlePositions(w http.ResponseWriter, r *http.Request, p principal) {
	anchor, offset, size, ok := s.page(w, r, "", positionsPage)
	if !ok {
		return
	}
	a := s.account(w, r, p, anchor)
	if a == nil {
		return
	}
	lo, hi, next := pageOf(len(a.positions), anchor, offset, size, "")
	writeJSON(w, http.StatusOK, map[string]any{"positions": a.positions[lo:hi], "next_page_token": next})
}

func (s *Server) handleActivities(w http.ResponseWriter, r *http.Request, p principal) {
	since := r.URL.Query().Get(activityDateParam)
	if since != "" {
		if _, err := time.Parse(time.DateOnly, since); err != nil {
			writeError(w, http.StatusBadRequest, "invalid_request", "since must be a date, YYYY-MM-DD.")
			return
		}
	}
	anchor, offset, size, ok := s.page(w, r, since, activitiesPage)
	if !ok {
		return
	}
	a := s.account(w, r, p, anchor)
	if a == nil {
		return
	}
	rows := a.activities
	if since != "" {
		// Rows are newest first: keep the prefix on or after since.
		n := 0
		for n < len(rows) && rows[n].TradeDate >= since {
			n++
		}
		rows = rows[:n]
	}
	lo, hi, next := pageOf(len(rows), anchor, offset, size, since)
	writeJSON(w, http.StatusOK, map[string]any{"activities": rows[lo:hi], "next_page_token": next})
}

// --- Crypto exchange ---------------------------------------------------------

// cryptoSignature is how demo-crypto requests are signed, as real exchanges
// do: hex(HMAC-SHA256(secret, timestamp ‖ method ‖ request URI ‖ body)).
func cryptoSignature(secret, timestamp, method, requestURI string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp + method + requestURI))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// signed authenticates a crypto exchange request by its signature.
func (s *Server) signed(h dataHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.fault(w) {
			return
		}
		body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		r.Body = io.NopCloser(bytes.NewReader(body))
		key := r.Header.Get(headerKey)
		ts := r.Header.Get(headerTimestamp)
		conn := r.Header.Get(headerConnection)
		k, known := apiKeys[key]
		if !known {
			writeError(w, http.StatusUnauthorized, "invalid_api_key", "The API key is invalid or was deleted.")
			return
		}
		want := cryptoSignature(k.secret, ts, r.Method, r.URL.RequestURI(), body)
		if !hmac.Equal([]byte(want), []byte(r.Header.Get(headerSignature))) {
			writeError(w, http.StatusUnauthorized, "invalid_signature", "The request signature does not match.")
			return
		}
		sec, err := strconv.ParseInt(ts, 10, 64)
		if d := s.now().Sub(time.Unix(sec, 0)); err != nil || d > signatureWindow || d < -signatureWindow {
			writeError(w, http.StatusUnauthorized, "invalid_timestamp", "The request timestamp is outside the 30 s window; check the computer's clock.")
			return
		}
		if conn == "" {
			writeError(w, http.StatusBadRequest, "invalid_request", "Missing "+headerConnection+" header.")
			return
		}
		if s.revs.revoked(conn) {
			writeError(w, http.StatusUnauthorized, "api_key_revoked", "Access for this connection was revoked.")
			return
		}
		s.mu.Lock()
		s.conns[conn] = true
		s.mu.Unlock()
		if !s.limit(w, conn) {
			return
		}
		h(w, r, principal{inst: CryptoID, user: k.user, sub: cryptoUserID(k.user), grantID: conn})
	}
}

type wireCryptoAccount struct {
	UserID    string `json:"user_id"`
	AccountID string `json:"account_id"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Status    string `json:"status"`
	Currency  string `json:"currency"`
}

type wireCryptoBalance struct {
	Asset     string  `json:"asset"`
	Name      string  `json:"name,omitempty"`
	Total     string  `json:"total"`
	Available string  `json:"available"`
	PriceUSD  *string `json:"price_usd,omitempty"`
	ValueUSD  string  `json:"value_usd"`
}

type wireLedgerEntry struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	Asset         string `json:"asset,omitempty"`
	Quantity      string `json:"quantity"`
	Price         string `json:"price,omitempty"`
	QuoteAmount   string `json:"quote_amount"`
	QuoteCurrency string `json:"quote_currency"`
	Fee           string `json:"fee"`
	Time          string `json:"time"`
	Note          string `json:"note,omitempty"`
}

func (s *Server) spot(p principal, anchor int) *account {
	return s.portfolio(p.sub, anchor, true).accounts[0]
}

func (s *Server) handleCryptoAccount(w http.ResponseWriter, r *http.Request, p principal) {
	a := s.spot(p, s.anchor())
	writeJSON(w, http.StatusOK, wireCryptoAccount{UserID: p.sub, AccountID: a.wire.ID, Name: a.wire.Name,
		Type: a.wire.Type, Status: a.wire.Status, Currency: a.wire.Currency})
}

func (s *Server) handleCryptoBalances(w http.ResponseWriter, r *http.Request, p principal) {
	anchor := s.anchor()
	a := s.spot(p, anchor)
	var out []wireCryptoBalance
	for _, c := range a.spec.cash {
		out = append(out, wireCryptoBalance{Asset: c.currency, Name: "US dollar", Total: c.amount, Available: c.amount, ValueUSD: c.amount})
	}
	for _, pos := range a.positions {
		px := pos.Price
		out = append(out, wireCryptoBalance{Asset: pos.Symbol, Name: pos.Description, Total: pos.Quantity, Available: pos.Quantity,
			PriceUSD: &px, ValueUSD: pos.MarketValue})
	}
	writeJSON(w, http.StatusOK, map[string]any{"account_id": a.wire.ID, "balances": out, "as_of": dayTime(anchor).Format(time.RFC3339)})
}

// ledgerTime gives a row of the generated activity a time of day.
func ledgerTime(a wireActivity) string {
	d, _ := time.Parse(time.DateOnly, a.TradeDate)
	secs := int64(hash64(a.ID) % 86400)
	return d.Add(time.Duration(secs) * time.Second).Format(time.RFC3339)
}

func (s *Server) handleCryptoLedger(w http.ResponseWriter, r *http.Request, p principal) {
	start := r.URL.Query().Get("start_time")
	var from time.Time
	if start != "" {
		t, err := time.Parse(time.RFC3339, start)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalid_request", "start_time must be RFC 3339.")
			return
		}
		from = t
	}
	q := r.URL.Query()
	q.Set("page_token", q.Get("cursor"))
	q.Set("page_size", q.Get("limit"))
	r.URL.RawQuery = q.Encode()
	anchor, offset, size, ok := s.page(w, r, start, ledgerPage)
	if !ok {
		return
	}
	var rows []wireLedgerEntry
	acct := s.spot(p, anchor)
	for _, a := range acct.activities {
		t := ledgerTime(a)
		if tt, _ := time.Parse(time.RFC3339, t); !from.IsZero() && tt.Before(from) {
			continue
		}
		e := wireLedgerEntry{ID: "lg_" + a.ID[4:], Type: a.Type, Asset: a.Symbol, Quantity: a.Quantity,
			QuoteAmount: a.Amount, QuoteCurrency: a.Currency, Fee: a.Fee, Time: t, Note: a.Description}
		if a.Price != "0" {
			e.Price = a.Price
		}
		if e.Asset == "" {
			e.Asset, e.Quantity = a.Currency, a.Amount
			if q, err := decimal.NewFromString(a.Amount); err == nil {
				e.Quantity = q.String()
			}
		}
		rows = append(rows, e)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Time > rows[j].Time })
	lo, hi, next := pageOf(len(rows), anchor, offset, size, start)
	writeJSON(w, http.StatusOK, map[string]any{"account_id": acct.wire.ID, "entries": rows[lo:hi], "cursor": next})
}
