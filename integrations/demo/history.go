package demo

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// historyParam is the first day a value history is asked from.
const historyParam = "since"

// valueHistoryDays is how far back the brokerage tells an account's daily
// value: a year before the anchor day.
const valueHistoryDays = 365

// wireDayValue is one day of GET /v1/accounts/{id}/history.
type wireDayValue struct {
	Date             string `json:"date"`
	Currency         string `json:"currency"`
	Value            string `json:"value"`
	Cash             string `json:"cash"`
	NetContributions string `json:"net_contributions"`
}

// flowRaw are the raw activity types that move money in or out.
var flowRaw = map[string]bool{"CONT": true, "WDRL": true, "XFER_IN": true, "XFER_OUT": true}

// tradeRaw are the raw activity types that exchange cash for units.
var tradeRaw = map[string]bool{"BUY": true, "SELL": true, "REINVEST": true, "SPLIT": true}

// valueHistory derives an account's value at the end of each day in
// [from, anchor) from its activity: the anchor day's holdings, valued at
// each day's marks, and its cash with each later day's money activity
// (contributions, withdrawals, transfers, dividends, interest, fees, taxes)
// undone. Trades are left out: the demo's activity is made up apart from
// its holdings, and undoing its trades would hold more (or fewer) units
// than it has. So the value moves with the marks and the money that came
// and went, and reconstructed cash may dip below zero where more money came
// in than the anchor's cash holds. Net contributions run from the start of
// the activity window.
func valueHistory(a *account, anchor, from int) []wireDayValue {
	from = max(from, anchor-valueHistoryDays)
	if from >= anchor {
		return nil
	}
	cash := map[string]decimal.Decimal{}
	var currencies []string
	for _, c := range a.spec.cash {
		cash[c.currency] = dec(c.amount)
		currencies = append(currencies, c.currency)
	}
	byDay := map[string][]wireActivity{}
	contrib := map[string]decimal.Decimal{} // over the whole window
	for _, x := range a.activities {
		byDay[x.TradeDate] = append(byDay[x.TradeDate], x)
		if flowRaw[x.Type] {
			amt, _ := decimal.NewFromString(x.Amount)
			contrib[x.Currency] = contrib[x.Currency].Add(amt)
		}
	}
	var out []wireDayValue
	// State at the end of day d: the anchor's, less what happened after d.
	for d := anchor - 1; d >= from; d-- {
		if d < anchor-1 {
			for _, x := range byDay[dayDate(d+1)] {
				if tradeRaw[x.Type] {
					continue
				}
				amt, _ := decimal.NewFromString(x.Amount)
				cash[x.Currency] = cash[x.Currency].Sub(amt)
				if flowRaw[x.Type] {
					contrib[x.Currency] = contrib[x.Currency].Sub(amt)
				}
			}
		}
		value := map[string]decimal.Decimal{}
		for _, h := range a.spec.holdings {
			s := securities[h.ticker]
			if s.Class == classCash {
				continue
			}
			value[s.Currency] = value[s.Currency].Add(money(dec(h.units).Mul(s.price(d)).Mul(decimal.NewFromInt(s.mult))))
		}
		for _, c := range currencies {
			out = append(out, wireDayValue{Date: dayDate(d), Currency: c, Value: money(cash[c].Add(value[c])).StringFixed(2),
				Cash: money(cash[c]).StringFixed(2), NetContributions: money(contrib[c]).StringFixed(2)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date < out[j].Date
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}

func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request, p principal) {
	anchor := s.anchor()
	from := anchor - valueHistoryDays
	if v := r.URL.Query().Get(historyParam); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalid_request", "since must be a date, YYYY-MM-DD.")
			return
		}
		from = dayOf(t)
	}
	if a := s.account(w, r, p, anchor); a != nil {
		writeJSON(w, http.StatusOK, map[string]any{"account_id": a.wire.ID, "days": valueHistory(a, anchor, from)})
	}
}

var _ integrations.ValueHistorian = (*brokerClient)(nil)

// ValueHistory reads the account's daily values before today
// (integrations.ValueHistorian): a year of them, or those since since.
func (c *brokerClient) ValueHistory(ctx context.Context, accountID string, since time.Time) ([]integrations.DailyValue, error) {
	q := url.Values{}
	if !since.IsZero() {
		q.Set(historyParam, since.UTC().Format(time.DateOnly))
	}
	b, err := c.get(ctx, accountPath(accountID, "history"), q)
	if err != nil {
		return nil, err
	}
	return decodeHistory(b)
}

func decodeHistory(b []byte) ([]integrations.DailyValue, error) {
	var w struct {
		Days []wireDayValue `json:"days"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	var d decimals
	out := make([]integrations.DailyValue, 0, len(w.Days))
	for _, x := range w.Days {
		date, err := integrations.ParseDate(x.Date)
		if err != nil || x.Currency == "" {
			return nil, errMalformed
		}
		out = append(out, integrations.DailyValue{Date: date, Currency: x.Currency, Value: d.parse(x.Value),
			Cash: d.parse(x.Cash), NetContributions: d.parse(x.NetContributions)})
	}
	if d.err != nil {
		return nil, d.err
	}
	return out, nil
}
