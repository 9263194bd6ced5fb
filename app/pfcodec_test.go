package app

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func sampleSummary() *pfSummary {
	s := &pfSummary{Cutoff: 20000}
	pa := &pfAccount{Key: "k1", Name: "Margin", Number: "••••1", Currency: "USD", Category: integrations.CategoryInvestment, Built: true,
		Balances: []integrations.Balance{{Currency: "USD", Cash: decimal.RequireFromString("10.5"), Total: decimal.RequireFromString("110.25")},
			{Currency: "CAD", Cash: decimal.RequireFromString("3"), Total: decimal.RequireFromString("3"), FXRate: decimal.NewNullDecimal(decimal.RequireFromString("0.73"))}},
		Holdings: []pfHolding{{Symbol: integrations.Symbol{Ticker: "AAPL", ISIN: "US0378331005", Type: integrations.SecurityEquity}, Units: decimal.NewFromInt(2), Value: decimal.RequireFromString("99.75"), Currency: "USD"}},
		Flows:    []pfFlow{{Day: 20001, Currency: "USD", Amount: decimal.NewFromInt(100)}},
		Income:   []pfIncome{{Month: "2024-10", Currency: "USD", Dividends: decimal.RequireFromString("1.25")}},
	}
	pa.series("USD").put(20001, decimal.RequireFromString("110.25"), decimal.RequireFromString("10.5"), decimal.NewFromInt(100))
	pa.series("USD").put(20003, decimal.RequireFromString("111.125"), decimal.RequireFromString("10.5"), decimal.NewFromInt(100))
	pa.series("BTC").put(20002, decimal.RequireFromString("0.00012345"), decimal.Zero, decimal.Zero)
	s.Accounts = append(s.Accounts, pa)
	return s
}

func TestSummaryRoundTrip(t *testing.T) {
	s := sampleSummary()
	b := encodeSummary(s)
	got, err := decodeSummary(b, needAll)
	if err != nil {
		t.Fatal(err)
	}
	if string(encodeSummary(got)) != string(b) {
		t.Fatal("a summary does not survive a round trip")
	}
	ga := got.Accounts[0]
	if !ga.Balances[1].FXRate.Valid || ga.Series[0].Scale != 3 || ga.Series[1].Scale != 8 {
		t.Errorf("decoded %+v %+v", ga.Balances, ga.Series)
	}
	if r, ok := ga.Series[0].at(20002); !ok || r.Day != 20001 || unscaled(r.Value, 3).String() != "110.25" {
		t.Errorf("the row in force on a day without one: %+v", r)
	}
	// Only what is asked for is decoded.
	part, err := decodeSummary(b, needBalances)
	if err != nil || len(part.Accounts[0].Balances) != 2 || part.Accounts[0].Holdings != nil || part.Accounts[0].Series != nil {
		t.Errorf("balances only: %+v %v", part.Accounts[0], err)
	}
	if _, err := decodeSummary(append([]byte{1}, b[1:]...), needAll); err != errOldSummary {
		t.Errorf("an older summary: %v", err)
	}
	arc := pfArchive{"k1": ga.Series}
	back, err := decodeArchive(encodeArchive(arc))
	if err != nil || len(back["k1"]) != 2 || len(back["k1"][0].Rows) != 2 {
		t.Errorf("archive round trip %+v %v", back, err)
	}
}

func FuzzDecodeSummary(f *testing.F) {
	f.Add(encodeSummary(sampleSummary()))
	f.Add(encodeArchive(pfArchive{"k": sampleSummary().Accounts[0].Series}))
	f.Add(encodeRateYear(rateYear{"2024-06-28": {"USD": "1.07"}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if s, err := decodeSummary(b, needAll); err == nil {
			_ = encodeSummary(s)
		}
		_, _ = decodeArchive(b)
		_, _ = decodeRateYear(b)
	})
}

func TestNativeSum(t *testing.T) {
	var n nativeSum
	for _, s := range []string{"0.1", "12345678.12345678", "-3", "1e2", "123456789012345678901234567890", "0.000000001", "99999999999999"} {
		n.add(decimal.RequireFromString(s))
	}
	want := decimal.RequireFromString("123456789012345678901234567890").Add(decimal.RequireFromString("12345678.12345678")).
		Add(decimal.RequireFromString("0.1")).Sub(decimal.NewFromInt(3)).Add(decimal.NewFromInt(100)).
		Add(decimal.RequireFromString("0.000000001")).Add(decimal.RequireFromString("99999999999999"))
	if !n.total().Equal(want) {
		t.Fatalf("sum %s, want %s", n.total(), want)
	}
	var big nativeSum
	for range 20 {
		big.add(decimal.RequireFromString("900000000.12")) // 9e16 units each: past the limit, into rest
	}
	if !big.total().Equal(decimal.RequireFromString("18000000002.4")) {
		t.Fatalf("large sum %s", big.total())
	}
}

// TestSummarySeriesFrom: a read from a day keeps the rows on or after it and
// the one in force on it, for every series and every place the day falls.
func TestSummarySeriesFrom(t *testing.T) {
	s := &pfSummary{Cutoff: 20000}
	days := []int32{20001, 20003, 20004, 20010}
	for i, key := range []string{"k1", "k2"} {
		pa := &pfAccount{Key: key, Currency: "USD", Built: true}
		for j, d := range days {
			pa.series("USD").put(d+int32(i), decimal.NewFromInt(int64(100+j)), decimal.Zero, decimal.Zero)
		}
		pa.series("CHF").put(20005, decimal.NewFromInt(7), decimal.Zero, decimal.Zero)
		s.Accounts = append(s.Accounts, pa)
	}
	b := encodeSummary(s)
	for _, from := range []int32{19000, 20001, 20002, 20003, 20004, 20005, 20010, 20011, 30000} {
		got, err := decodeSummaryFor(b, pfRead{need: needSeries, seriesFrom: from})
		if err != nil {
			t.Fatal(err)
		}
		for ai, pa := range s.Accounts {
			for si, full := range pa.Series {
				var want []int32
				for k, r := range full.Rows {
					if r.Day >= from {
						if k > 0 && full.Rows[k-1].Day < from && len(want) == 0 {
							want = append(want, full.Rows[k-1].Day)
						}
						want = append(want, r.Day)
					}
				}
				if len(want) == 0 {
					want = []int32{full.Rows[len(full.Rows)-1].Day}
				}
				var kept []int32
				for _, r := range got.Accounts[ai].Series[si].Rows {
					kept = append(kept, r.Day)
				}
				if fmt.Sprint(kept) != fmt.Sprint(want) {
					t.Errorf("from %d, account %d series %d: kept %v, want %v", from, ai, si, kept, want)
				}
			}
		}
	}
}
