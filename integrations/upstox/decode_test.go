package upstox

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

var asOf = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

// The documented Get Holdings example.
func TestFixtureHoldings(t *testing.T) {
	pos, err := decodeHoldings(fixture(t, "holdings.json"), asOf)
	if err != nil || len(pos) != 2 {
		t.Fatalf("%d holdings, %v", len(pos), err)
	}
	y := pos[0]
	brokertest.Match(t, "holding", y, integrations.Position{Symbol: integrations.Symbol{Ticker: "YESBANK", ISIN: "INE528G01035", Type: integrations.SecurityEquity, Exchange: "NSE", Description: "YES BANK LTD."},
		Currency: "INR", Units: brokertest.Dec("36"), Price: brokertest.Dec("17.05"), MarketValue: brokertest.Dec("613.8"),
		AverageCost: brokertest.NullDec("18.75"), CostBasis: brokertest.NullDec("675")})
	eq(t, "RELINFRA value", pos[1].MarketValue, "174.85")
}

// The documented Get Positions example: an option, and an equity position
// whose average_price is null.
func TestFixturePositions(t *testing.T) {
	pos, err := decodePositions(fixture(t, "positions.json"), segEquity, asOf)
	if err != nil || len(pos) != 2 {
		t.Fatalf("%d positions, %v", len(pos), err)
	}
	o := pos[0]
	brokertest.Match(t, "option", o, integrations.Position{Symbol: integrations.Symbol{Ticker: "BANKNIFTY23OCT38000PE", Type: integrations.SecurityOption, Exchange: "NFO"},
		Units: brokertest.Dec("15"), MarketValue: brokertest.Dec("26.25"), AverageCost: brokertest.NullDec("2.65"),
		CostBasis: brokertest.NullDec("39.75")})
	f := pos[1]
	if f.Symbol.Type != integrations.SecurityEquity || f.AverageCost.Valid || f.CostBasis.Valid {
		t.Errorf("null average price: %+v", f)
	}
	eq(t, "equity value", f.MarketValue, "0.81")
	com, err := decodePositions(fixture(t, "positions.json"), segCommodity, asOf)
	if err != nil || len(com) != 0 {
		t.Errorf("commodity positions: %+v %v", com, err)
	}
}

// A delivery row carrying the holdings' YESBANK 36 overnight
// (positions_carried.json: the example's equity row made YESBANK on NSE_EQ,
// overnight_quantity 36 at the holding's 18.75 and 1 bought today at
// 17.05) adds the day's 1 at day_buy_price, not 37; the example's option,
// product D on NSE_FO with 15 overnight, keeps its 15 (above).
func TestDeliveryPositionCountsTheDay(t *testing.T) {
	pos, err := decodePositions(fixture(t, "positions_carried.json"), segEquity, asOf)
	if err != nil || len(pos) != 1 {
		t.Fatalf("%d positions, %v", len(pos), err)
	}
	if p := pos[0]; p.Symbol.Ticker != "YESBANK" || !p.Units.Equal(brokertest.Dec("1")) || !p.AverageCost.Decimal.Equal(brokertest.Dec("17.05")) {
		t.Errorf("delivery position = %+v, want the day's 1 at 17.05", p)
	}
}

func TestFixtureFunds(t *testing.T) {
	f, err := decodeFunds(fixture(t, "funds.json"), segEquity)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "equity available", f.AvailableMargin.Decimal, "15507.46")
	eq(t, "equity used", f.UsedMargin.Decimal, "0.8")
	c, err := decodeFunds(fixture(t, "funds.json"), segCommodity)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "commodity available", c.AvailableMargin.Decimal, "3874.5")
	if _, err := decodeFunds([]byte(`{"status":"success","data":{"equity":{}}}`), segEquity); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("funds without available_margin: %v", err)
	}
}

func TestFixtureProfile(t *testing.T) {
	p, err := decodeProfile(fixture(t, "profile.json"))
	if err != nil || p.UserID != "******" || len(p.Exchanges) != 6 || p.IsActive == nil || !*p.IsActive {
		t.Fatalf("%+v %v", p, err)
	}
	accts := accounts("7JD3KQ", p.Exchanges, true)
	if len(accts) != 1 || accts[0].ID != "7JD3KQ-equity" || accts[0].Number != "••••D3KQ" {
		t.Errorf("without MCX: %+v", accts)
	}
	accts = accounts("7JD3KQ", append(p.Exchanges, "MCX"), false)
	if len(accts) != 2 || accts[1].ID != "7JD3KQ-commodity" || accts[1].Status != "inactive" {
		t.Errorf("with MCX: %+v", accts)
	}
}

// The documented Get Trade History example.
func TestFixtureTrades(t *testing.T) {
	rows, pg, err := decodeTrades(fixture(t, "historical_trades.json"))
	if err != nil || len(rows) != 1 || pg.TotalPages != 1 || pg.TotalRecords != 15 {
		t.Fatalf("%+v %+v %v", rows, pg, err)
	}
	a := activity(rows[0])
	brokertest.Match(t, "activity", a, integrations.Activity{ID: "EQ:NSE:2023-03-28:75217259",
		Type: integrations.ActivityBuy, RawType: "BUY", TradeDate: "2023-03-28", Symbol: "RELIANCE", Currency: "INR",
		Units: brokertest.Dec("1"), Price: brokertest.Dec("2252.35"), Amount: brokertest.Dec("-2252.35")})
	if tradeSegment(rows[0]) != segEquity {
		t.Errorf("segment")
	}
	// Upstox's own SDK names the page object metaData; both are read.
	_, pg, err = decodeTrades([]byte(`{"status":"success","data":[],"metaData":{"page":{"page_number":2,"total_pages":3}}}`))
	if err != nil || pg.TotalPages != 3 {
		t.Errorf("metaData: %+v %v", pg, err)
	}
}

func TestSellAndCommodity(t *testing.T) {
	rows, _, err := decodeTrades([]byte(`{"status":"success","data":[{"exchange":"MCX","segment":"COM","quantity":1,"amount":72015,"trade_id":"9","trade_date":"2025-05-01","transaction_type":"SELL","scrip_name":"GOLDM","price":72015,"symbol":"GOLDM25AUGFUT"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	a := activity(rows[0])
	if a.Type != integrations.ActivitySell || tradeSegment(rows[0]) != segCommodity {
		t.Errorf("%+v", a)
	}
	brokertest.Match(t, "a", a, integrations.Activity{Units: brokertest.Dec("-1"), Amount: brokertest.Dec("72015")})
}

func TestErrorMapping(t *testing.T) {
	resp := &http.Response{StatusCode: 401, Header: http.Header{}}
	if err := statusError(resp, fixture(t, "invalid_token.json"), time.Now()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("401: %v", err)
	}
	resp.StatusCode = 429
	brokertest.WantWait(t, "429 without Retry-After", statusError(resp, nil, time.Now()), defaultRetryAfter)
	resp.StatusCode = 500
	if err := statusError(resp, []byte(`{"status":"error","errors":[{"errorCode":"UDAPI100500","message":"x"}]}`), time.Now()); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("500: %v", err)
	}
	resp.StatusCode = 400
	err := statusError(resp, []byte(`{"status":"error","errors":[{"errorCode":"UDAPI100036","message":"Invalid Input secret-ish"}]}`), time.Now())
	if err == nil || err.Error() != "upstox: the request was refused (UDAPI100036, HTTP 400)" {
		t.Errorf("400: %v", err)
	}
	if !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("400: %v matches no documented sentinel", err)
	}
}

// Tokens end at 03:30 India time the next morning, or the same morning
// when issued before 03:30.
func TestSessionEnd(t *testing.T) {
	cases := map[string]string{
		"2025-06-16T14:30:00Z": "2025-06-16T22:00:00Z", // 20:00 IST → 03:30 IST on the 17th
		"2025-06-15T20:59:00Z": "2025-06-15T22:00:00Z", // 02:29 IST on the 16th → 03:30 the same morning
		"2025-06-15T22:00:00Z": "2025-06-16T22:00:00Z", // exactly 03:30 → the next day's
		"2025-03-31T18:00:00Z": "2025-03-31T22:00:00Z", // 23:30 IST, month end
	}
	for in, want := range cases {
		at, _ := time.Parse(time.RFC3339, in)
		if got := SessionEnd(at).Format(time.RFC3339); got != want {
			t.Errorf("SessionEnd(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestEarliestTradeDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-06-16T12:00:00Z": "2023-04-01", // FY 2025-26
		"2025-03-31T12:00:00Z": "2022-04-01", // still FY 2024-25
		"2025-03-31T19:00:00Z": "2023-04-01", // 00:30 IST on 1 April: FY 2025-26
	} {
		at, _ := time.Parse(time.RFC3339, in)
		if got := EarliestTradeDate(at).Format(time.DateOnly); got != want {
			t.Errorf("EarliestTradeDate(%s) = %s, want %s", in, got, want)
		}
	}
}

// A trade without a readable date or a transaction type (blank counts as
// none) makes the page malformed; a transaction type Upstox does not
// document is kept as OTHER with its raw type.
func TestOddTrades(t *testing.T) {
	brokertest.WantRefused(t, errMalformed, map[string]func() error{
		"a trade dated 16/06/2025": func() error {
			_, _, err := decodeTrades([]byte(`{"status":"success","data":[{"trade_id":"T1","transaction_type":"BUY","quantity":1,"trade_date":"16/06/2025"}]}`))
			return err
		},
		"a trade whose transaction type is blank": func() error {
			_, _, err := decodeTrades([]byte(`{"status":"success","data":[{"trade_id":"T1","transaction_type":" ","quantity":1,"trade_date":"2025-06-16"}]}`))
			return err
		},
	})
	if a := activity(wireTrade{TradeID: "T2", TransactionType: "bonus", TradeDate: "2025-06-16"}); a.Type != integrations.ActivityOther || a.RawType != "BONUS" {
		t.Errorf("a bonus: %s %q", a.Type, a.RawType)
	}
}

// The error code is read from errorCode or, in the SDK's spelling,
// error_code, and kept only when it looks like Upstox's (UDAPI and digits).
func TestErrorCodeSpellings(t *testing.T) {
	brokertest.WantMapped(t, "errorCode", func(body string) string { return safeCode(errorCode([]byte(body))) }, map[string]string{
		`{"status":"error","errors":[{"errorCode":"UDAPI100050"}]}`:  "UDAPI100050",
		`{"status":"error","errors":[{"error_code":"UDAPI100016"}]}`: "UDAPI100016",
		`{"status":"error","errors":[{"errorCode":"UDAPI10x05"}]}`:   "",
		`{"status":"error","errors":[]}`:                             "",
	})
}

// payActs decodes a payment list and maps it.
func payActs(t *testing.T, k payKind, b []byte) ([]integrations.Activity, time.Time) {
	t.Helper()
	rows, err := decodePayments(b)
	if err != nil {
		t.Fatal(err)
	}
	return paymentActivities(k, rows)
}

// The documented Get Payins examples, in both field sets the page has
// shown: created_at and currency; last_updated_at, reason, total_charges
// and charges_category (whose PENDING row is left out).
func TestFixturePayins(t *testing.T) {
	acts, whole := payActs(t, payins, fixture(t, "payins_created.json"))
	if len(acts) != 2 || !whole.IsZero() {
		t.Fatalf("%d pay-ins, whole from %s", len(acts), whole)
	}
	brokertest.Match(t, "NEFT pay-in", acts[0], integrations.Activity{ID: "payin:qws_0426_9680091",
		Type: integrations.ActivityContribution, RawType: "PAYIN SUCCESS", TradeDate: "2026-04-19",
		Amount: brokertest.Dec("16995"), Fee: brokertest.Dec("0"), Units: brokertest.Dec("0"), Currency: "INR",
		Description: "Pay-in by NEFT from AXIS BANK"})
	brokertest.Match(t, "UPI pay-in", acts[1], integrations.Activity{ID: "payin:order_Sx67XZ8jTEAHiJ",
		Type: integrations.ActivityContribution, TradeDate: "2026-06-03", Amount: brokertest.Dec("100"), Currency: "INR",
		Description: "Pay-in by UPI from AXIS BANK"})

	acts, _ = payActs(t, payins, fixture(t, "payins_updated.json"))
	if len(acts) != 1 {
		t.Fatalf("%d pay-ins of the launch's field set; want the SUCCESS one", len(acts))
	}
	brokertest.Match(t, "NEFT pay-in with charges", acts[0], integrations.Activity{ID: "payin:qws_0426_9680091",
		Type: integrations.ActivityContribution, RawType: "PAYIN SUCCESS", TradeDate: "2026-04-19",
		Amount: brokertest.Dec("16995"), Fee: brokertest.Dec("23.60"), Currency: "INR"})
}

// The documented Get Payouts examples, in both field sets: the COMPLETED
// row is a withdrawal (amount negative), TRANSFER_IN_PROGRESS is left out.
func TestFixturePayouts(t *testing.T) {
	for file, fee := range map[string]string{"payouts_created.json": "0", "payouts_updated.json": "23.60"} {
		acts, _ := payActs(t, payouts, fixture(t, file))
		if len(acts) != 1 {
			t.Fatalf("%s: %d pay-outs; want the COMPLETED one", file, len(acts))
		}
		brokertest.Match(t, file, acts[0], integrations.Activity{ID: "payout:qws_0426_9680091",
			Type: integrations.ActivityWithdrawal, RawType: "PAYOUT COMPLETED", TradeDate: "2026-04-19",
			Amount: brokertest.Dec("-16995"), Fee: brokertest.Dec(fee), Currency: "INR",
			Description: "Pay-out by NEFT to AXIS BANK"})
	}
}

// Every status word either page documents: only SUCCESS (pay-ins) and
// COMPLETED or DEEMED_SUCCESS (pay-outs) are money that moved; a word in
// lower case (the Payout Request answer's "received") reads the same; a
// word no page documents is left out.
func TestPaymentStatuses(t *testing.T) {
	row := func(k payKind, st string) string {
		b := []byte(`{"status":"success","data":[{"amount":500,"mode":"UPI","status":"` + st +
			`","transaction_id":"T1","created_at":"2026-05-04 10:00:00"}]}`)
		rows, err := decodePayments(b)
		if err != nil {
			return "malformed"
		}
		acts, _ := paymentActivities(k, rows)
		if len(acts) == 0 {
			return "left out"
		}
		return string(acts[0].Type) + " " + acts[0].Amount.String()
	}
	brokertest.WantMapped(t, "pay-in status", func(st string) string { return row(payins, st) }, map[string]string{
		"SUCCESS": "CONTRIBUTION 500", "success": "CONTRIBUTION 500", "PENDING": "left out", "FAILED": "left out",
		"CANCELLED": "left out", "REFUNDED": "left out", " ": "malformed",
	})
	brokertest.WantMapped(t, "pay-out status", func(st string) string { return row(payouts, st) }, map[string]string{
		"COMPLETED": "WITHDRAWAL -500", "DEEMED_SUCCESS": "WITHDRAWAL -500", "RECEIVED": "left out",
		"received": "left out", "VALIDATING": "left out", "APPROVED": "left out", "TRANSFER_IN_PROGRESS": "left out",
		"REJECTED": "left out", "REVERSED": "left out", "SUCCESS": "left out",
	})
}

// A payment is dated by its time in India: the documented form is India
// time, an RFC 3339 instant is moved there; created_at wins over
// last_updated_at.
func TestPaymentDates(t *testing.T) {
	brokertest.WantMapped(t, "date", func(fields string) string {
		rows, err := decodePayments([]byte(`{"status":"success","data":[{"amount":1,"status":"SUCCESS","transaction_id":"T",` + fields + `}]}`))
		if err != nil {
			return "malformed"
		}
		acts, _ := paymentActivities(payins, rows)
		return string(acts[0].TradeDate)
	}, map[string]string{
		`"created_at":"2026-04-19 23:59:59"`:                                         "2026-04-19",
		`"created_at":"2026-04-19T20:00:00Z"`:                                        "2026-04-20",
		`"last_updated_at":"2026-04-19 00:10:00"`:                                    "2026-04-19",
		`"created_at":"2026-04-18 22:00:00","last_updated_at":"2026-04-20 09:00:00"`: "2026-04-18",
		`"created_at":"19/04/2026 10:00:00"`:                                         "malformed",
		`"eta":"2026-04-19 10:00:00"`:                                                "malformed",
	})
}

// Rows without a transaction_id get ids of their own (two identical rows
// two ids), the same on every read; a null list is empty; a row without an
// amount, or an answer that is not a success, is refused.
func TestPaymentRows(t *testing.T) {
	b := []byte(`{"status":"success","data":[{"amount":"250.5","mode":"UPI","status":"SUCCESS","created_at":"2026-05-04 10:00:00"},` +
		`{"amount":"250.5","mode":"UPI","status":"SUCCESS","created_at":"2026-05-04 10:00:00"},` +
		`{"amount":-300,"status":"COMPLETED","transaction_id":"  ","last_updated_at":"2026-05-05 10:00:00"}]}`)
	a, _ := payActs(t, payins, b)
	again, _ := payActs(t, payins, b)
	if len(a) != 2 || a[0].ID == a[1].ID || a[0].ID != again[0].ID || a[1].ID != again[1].ID || a[0].ID[:6] != "payin:" {
		t.Errorf("ids %+v, then %+v", a, again)
	}
	brokertest.Match(t, "pay-in without an id", a[0], integrations.Activity{Type: integrations.ActivityContribution,
		Amount: brokertest.Dec("250.5"), Description: "Pay-in by UPI"})
	out, _ := payActs(t, payouts, b)
	if len(out) != 1 || out[0].Type != integrations.ActivityWithdrawal || !out[0].Amount.Equal(brokertest.Dec("-300")) || out[0].Description != "Pay-out" {
		t.Errorf("a pay-out written negative: %+v", out)
	}
	if acts, _ := payActs(t, payins, []byte(`{"status":"success","data":null}`)); len(acts) != 0 {
		t.Errorf("null data: %+v", acts)
	}
	brokertest.WantRefused(t, errMalformed, map[string]func() error{
		"a row without an amount": func() error {
			_, err := decodePayments([]byte(`{"status":"success","data":[{"status":"SUCCESS","created_at":"2026-05-04 10:00:00"}]}`))
			return err
		},
		"an error answer": func() error {
			_, err := decodePayments([]byte(`{"status":"error","errors":[{"errorCode":"UDAPI100036"}]}`))
			return err
		},
		"data that is not a list": func() error {
			_, err := decodePayments([]byte(`{"status":"success","data":{"amount":1}}`))
			return err
		},
		"no data": func() error {
			_, err := decodePayments([]byte(`{"status":"success"}`))
			return err
		},
	})
}

// A list of fewer than 20 rows is all there is; a list of 20 is known whole
// only from its oldest row on, whatever the rows' statuses and order.
func TestPaymentListWhole(t *testing.T) {
	rows := make([]wirePayment, 0, paymentsListed)
	for i := range paymentsListed {
		st := "FAILED"
		if i%2 == 0 {
			st = "SUCCESS"
		}
		day := 20 - i
		if i == 7 {
			day = 1 // out of order, the oldest
		}
		rows = append(rows, wirePayment{Amount: num{Decimal: brokertest.Dec("10"), Valid: true}, Status: st, TransactionID: string(rune('A' + i)),
			CreatedAt: time.Date(2026, 5, day, 9, 0, 0, 0, IST).Format(paymentLayout)})
	}
	acts, whole := paymentActivities(payins, rows)
	if len(acts) != 10 || !whole.Equal(time.Date(2026, 5, 1, 9, 0, 0, 0, IST)) {
		t.Errorf("20 rows: %d activities, whole from %s", len(acts), whole)
	}
	if _, whole := paymentActivities(payins, rows[:paymentsListed-1]); !whole.IsZero() {
		t.Errorf("19 rows: whole from %s; want all there are", whole)
	}
}
