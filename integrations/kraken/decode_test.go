package kraken

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// TestSignDocExample checks Sign against the worked example in Kraken's
// "Spot REST Authentication" guide.
func TestSignDocExample(t *testing.T) {
	key := mustB64(t, "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==")
	got := Sign(key, "/0/private/AddOrder", "1616492376594",
		"nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25")
	const want = "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
	if got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func mustB64(t *testing.T, s string) []byte {
	t.Helper()
	a, err := (&Integration{}).newAPI(integrations.Env{Endpoints: map[string]string{"api": "http://127.0.0.1:1"}}, secret{Key: "k", Secret: s}, false)
	if err != nil {
		t.Fatal(err)
	}
	return a.key
}

func TestNoncesIncrease(t *testing.T) {
	var n nonces
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a := n.next(at)
	b := n.next(at)                       // the clock did not move
	c := n.next(at.Add(-time.Hour))       // the clock went back
	d := n.next(at.Add(time.Millisecond)) // the clock moved on
	if a != uint64(at.UnixMicro()) || b != a+1 || c != b+1 || d != uint64(at.Add(time.Millisecond).UnixMicro()) {
		t.Fatalf("nonces %d %d %d %d", a, b, c, d)
	}
}

var fixture = brokertest.Fixture // testdata/name

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestLedgerFixture decodes the documented Ledgers example.
func TestLedgerFixture(t *testing.T) {
	var p ledgerPage
	if err := decodeResponse(fixture(t, "ledgers.json"), false, time.Unix(0, 0), &p); err != nil {
		t.Fatal(err)
	}
	es, err := p.entries()
	if err != nil || len(es) != 1 || p.Count != 1 {
		t.Fatalf("entries %v, count %d: %v", es, p.Count, err)
	}
	e := es[0]
	if e.ID != "L4UESK-KG3EQ-UFO4T5" || e.RefID != "TJKLXF-PGMUI-4NTLXU" || !e.Amount.Equal(d("-24.5")) ||
		!e.Fee.Equal(d("0.049")) || !e.Balance.Equal(d("459567.9171")) || e.Time.String() != "1688464484.1787" {
		t.Fatalf("entry %+v", e)
	}
	if got := unixTime(e.Time); !got.Equal(time.Date(2023, 7, 4, 9, 54, 44, 178700000, time.UTC)) {
		t.Errorf("time %s", got)
	}
	// One leg of a trade without its other leg stays a GBP movement.
	acts := activities(es)
	if len(acts) != 1 {
		t.Fatalf("%d activities", len(acts))
	}
	a := acts[0]
	if a.ID != e.ID || a.RawType != "trade" || a.Type != integrations.ActivityOther || a.Currency != "GBP" ||
		!a.Amount.Equal(d("-24.549")) || !a.Fee.Equal(d("0.049")) || a.TradeDate != "2023-07-04" {
		t.Errorf("activity %+v", a)
	}
}

// TestTradePair combines a trade's two legs into one BUY.
func TestTradePair(t *testing.T) {
	body := `{"error":[],"result":{"count":2,"ledger":{
	 "LAAAAA-AAAAA-AAAAAA":{"refid":"TX","time":1700000000.5,"type":"trade","subtype":"","aclass":"currency","asset":"XXBT","amount":"0.0100000000","fee":"0.0000000000","balance":"0.0100000000"},
	 "LBBBBB-BBBBB-BBBBBB":{"refid":"TX","time":1700000000.5,"type":"trade","subtype":"","aclass":"currency","asset":"ZUSD","amount":"-370.0000","fee":"0.9620","balance":"629.0380"}}}}`
	var p ledgerPage
	if err := decodeResponse([]byte(body), false, time.Unix(0, 0), &p); err != nil {
		t.Fatal(err)
	}
	es, _ := p.entries()
	acts := activities(es)
	if len(acts) != 1 {
		t.Fatalf("%d activities", len(acts))
	}
	a := acts[0]
	if a.Type != integrations.ActivityBuy || a.Symbol != "BTC" || a.Currency != "USD" || !a.Units.Equal(d("0.01")) ||
		!a.Price.Equal(d("37000")) || !a.Amount.Equal(d("-370.962")) || !a.Fee.Equal(d("0.962")) || a.ID != "LAAAAA-AAAAA-AAAAAA" {
		t.Errorf("activity %+v", a)
	}
}

// TestBalanceFixture decodes the documented Balance example with the
// documented Ticker and AssetPairs examples.
func TestBalanceFixture(t *testing.T) {
	var bal map[string]num
	if err := decodeResponse(fixture(t, "balance.json"), false, time.Unix(0, 0), &bal); err != nil {
		t.Fatal(err)
	}
	m, err := merged(bal)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"USD": "1384317.8938", "EUR": "504861.8946", "BTC": "1011.19088779", "ETH": "1019.535637433",
		"USDT": "500000", "DAI": "9999.9999999999", "DOT": "2.5"}
	if len(m) != len(want) {
		t.Fatalf("merged %v", m)
	}
	for c, v := range want {
		if !m[c].Equal(d(v)) {
			t.Errorf("%s = %s, want %s", c, m[c], v)
		}
	}
	var pairs map[string]assetPair
	if err := decodeResponse(fixture(t, "assetpairs.json"), false, time.Unix(0, 0), &pairs); err != nil {
		t.Fatal(err)
	}
	if got := usdPairs(pairs); len(got) != 1 || got["BTC"] != "XXBTZUSD" {
		t.Fatalf("usd pairs %v", got)
	}
	var tick map[string]tickerEntry
	if err := decodeResponse(fixture(t, "ticker.json"), false, time.Unix(0, 0), &tick); err != nil {
		t.Fatal(err)
	}
	px := tick["XXBTZUSD"].Last[0].Decimal
	if !px.Equal(d("30303.2")) {
		t.Fatalf("price %s", px)
	}
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	bals, pos := holdings(m, map[string]decimal.Decimal{"BTC": px}, asOf)
	if len(bals) != 2 || bals[1].Currency != "USD" || !bals[1].Cash.Equal(d("1384317.8938")) {
		t.Fatalf("balances %+v", bals)
	}
	// USD total = cash + 1011.19088779 BTC × 30303.2 = 30642319.71 (rounded to cents).
	if !bals[1].Total.Equal(d("1384317.8938").Add(d("30642319.71"))) {
		t.Errorf("USD total %s", bals[1].Total)
	}
	if len(pos) != 5 || pos[0].Symbol.Ticker != "BTC" || !pos[0].MarketValue.Equal(d("30642319.71")) {
		t.Errorf("positions %+v", pos)
	}
}

func TestErrorFixture(t *testing.T) {
	var out map[string]num
	err := decodeResponse(fixture(t, "error_invalid_key.json"), false, time.Unix(0, 0), &out)
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("data: %v", err)
	}
	err = decodeResponse(fixture(t, "error_invalid_key.json"), true, time.Unix(0, 0), &out)
	if !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("login: %v", err)
	}
	for code, want := range map[string]error{
		"EAPI:Rate limit exceeded": integrations.ErrRateLimited, "EService:Unavailable": integrations.ErrUnavailable,
		"EService:Busy": integrations.ErrUnavailable, "EAPI:Invalid nonce": integrations.ErrUnavailable,
		"EGeneral:Temporary lockout": integrations.ErrAccountLocked, "EGeneral:Permission denied": integrations.ErrReauthRequired,
		"EAPI:Invalid signature": integrations.ErrReauthRequired, "EQuery:Unknown asset pair": integrations.ErrUnavailable,
		"EGeneral:Too many requests": integrations.ErrRateLimited, "EOrder:Rate limit exceeded": integrations.ErrRateLimited,
		"EAPI:Feature disabled": integrations.ErrNotSupported,
	} {
		if err := mapErrors([]string{code}, false, time.Unix(0, 0)); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", code, err, want)
		}
	}
	if err := mapErrors([]string{"WGeneral:something"}, false, time.Unix(0, 0)); err != nil {
		t.Errorf("a warning is an error: %v", err)
	}
}

func TestAssetCodes(t *testing.T) {
	for raw, want := range map[string]string{"XXBT": "BTC", "XBT.M": "BTC", "ZUSD": "USD", "DOT.S": "DOT", "XXDG": "DOGE",
		"ETH2.S": "ETH", "SOL": "SOL", "USD.HOLD": "USD", "ZEUR": "EUR", "1INCH": "1INCH"} {
		if got := assetCode(raw); got != want {
			t.Errorf("assetCode(%s) = %s, want %s", raw, got, want)
		}
	}
}

// TestThrottledUntil: the rate-limit guide writes the concurrency throttle
// as "EService: Throttled: [UNIX timestamp]" (with spaces); it is a rate
// limit lasting until that time, not an outage.
func TestThrottledUntil(t *testing.T) {
	now := time.Unix(1700000000, 0)
	for e, want := range map[string]time.Duration{
		"EService: Throttled: 1700000030": 30 * time.Second,
		"EService:Throttled:1700000005":   5 * time.Second,
		"EService: Throttled: 1699999000": time.Second, // already past
		"EService: Throttled: soon":       throttleWait,
	} {
		err := mapErrors([]string{e}, false, now)
		d, ok := integrations.RetryAfter(err)
		if !ok || !errors.Is(err, integrations.ErrRateLimited) || d != want {
			t.Errorf("%q: %v (retry after %s); want a rate limit of %s", e, err, d, want)
		}
	}
	if err := mapErrors([]string{"EService:Unavailable"}, false, now); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("EService:Unavailable: %v", err)
	}
}

// TestErrorListOfAny: the official SDK (krakenfx/api-go pkg/spot Response)
// reads the error list as []any; an entry that is not a string is an
// unknown error, not an unreadable answer... and never a success.
func TestErrorListOfAny(t *testing.T) {
	var out map[string]num
	err := decodeResponse([]byte(`{"error":[{"code":1}],"result":{"ZUSD":"1"}}`), false, time.Unix(0, 0), &out)
	if !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("error object: %v", err)
	}
	err = decodeResponse([]byte(`{"error":["WGeneral:Note",{"x":1},"EAPI:Invalid key"],"result":null}`), false, time.Unix(0, 0), &out)
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("mixed list: %v", err)
	}
}

// TestUnpricedAssetIsPriceUnknown: an asset without a USD market has no
// known price; it is not worth zero.
func TestUnpricedAssetIsPriceUnknown(t *testing.T) {
	_, pos := holdings(map[string]decimal.Decimal{"BTC": d("1"), "OBSCURE": d("5"), "USD": d("10")},
		map[string]decimal.Decimal{"BTC": d("100")}, time.Unix(0, 0))
	if len(pos) != 2 || pos[0].Symbol.Ticker != "BTC" || pos[0].PriceUnknown || !pos[1].PriceUnknown || !pos[1].Price.IsZero() {
		t.Errorf("positions %+v", pos)
	}
}

// TestLedgerTypes: ledger entries of a crypto asset that are not trades —
// a dividend, staking rewards (only those paid in), margin costs (a fee
// when paid out), transfers between Kraken's wallets.
func TestLedgerTypes(t *testing.T) {
	brokertest.WantTypes(t, func(c brokertest.TypeCase, amount, _ decimal.Decimal) integrations.ActivityType {
		return ledgerType(ledgerEntry{Type: c.Raw, Subtype: c.Detail, Amount: num{Decimal: amount, Valid: true}}, false)
	}, []brokertest.TypeCase{
		{Raw: "dividend", Amount: "0.5", Want: integrations.ActivityDividend},
		{Raw: "staking", Amount: "0.01", Want: integrations.ActivityInterest},
		{Raw: "earn", Detail: "reward", Amount: "0.01", Want: integrations.ActivityInterest},
		{Raw: "staking", Detail: "migration", Amount: "0.01", Want: integrations.ActivityOther},
		{Raw: "staking", Amount: "-0.01", Want: integrations.ActivityOther},
		{Raw: "rollover", Amount: "-0.2", Want: integrations.ActivityFee},
		{Raw: "margin", Amount: "0", Want: integrations.ActivityOther},
		{Raw: "transfer", Amount: "5", Want: integrations.ActivityTransferIn},
		{Raw: "transfer", Detail: "spottostaking", Amount: "5", Want: integrations.ActivityOther},
		{Raw: "deposit", Amount: "1", Want: integrations.ActivityTransferIn},
		{Raw: "withdrawal", Amount: "-1", Want: integrations.ActivityTransferOut},
	}...)
}
