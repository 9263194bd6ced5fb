package fake

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"
)

// TestFundDetailsParams: fund_details refuses a request without seg_types,
// with a limit past 100 or a date not yyyy-MM-dd, and filters by kind,
// segment and dates, paging by start and limit against itemCount.
func TestFundDetailsParams(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a := build(developers[TigerID].accounts[0], day)
	s := &Server{}
	s.opts.Now = func() time.Time { return day }
	ask := func(biz map[string]any) (code int, data struct {
		Page, Limit, ItemCount, PageCount int
		Items                             []map[string]any
	}) {
		rec := httptest.NewRecorder()
		s.fundDetails(rec, request{method: "fund_details", biz: biz}, &a)
		var ans struct {
			Code int             `json:"code"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &ans); err != nil {
			t.Fatal(err)
		}
		if ans.Code == 0 {
			if err := json.Unmarshal(ans.Data, &data); err != nil {
				t.Fatal(err)
			}
		}
		return ans.Code, data
	}
	segs := []any{"SEC", "FUT"}
	for name, biz := range map[string]map[string]any{
		"no seg_types": {"fund_type": "FEE"},
		"limit 101":    {"seg_types": segs, "limit": float64(101)},
		"limit 0":      {"seg_types": segs, "limit": float64(0)},
		"bad date":     {"seg_types": segs, "start_date": "2026/01/01"},
		"date number":  {"seg_types": segs, "end_date": float64(1767225600000)},
	} {
		if code, _ := ask(biz); code != 1010 {
			t.Errorf("%s: code %d, want 1010", name, code)
		}
	}
	_, all := ask(map[string]any{"seg_types": segs})
	_, fees := ask(map[string]any{"seg_types": segs, "fund_type": "FEE"})
	_, secFees := ask(map[string]any{"seg_types": []any{"SEC"}, "fund_type": "FEE"})
	if all.ItemCount != len(a.details) || fees.ItemCount != 4 || secFees.ItemCount != 3 || all.Limit != 50 {
		t.Errorf("all %d of %d (limit %d), FEE %d, SEC FEE %d", all.ItemCount, len(a.details), all.Limit, fees.ItemCount, secFees.ItemCount)
	}
	_, p2 := ask(map[string]any{"seg_types": segs, "start": float64(2), "limit": float64(2)})
	if p2.Page != 2 || len(p2.Items) != 2 || p2.Items[0]["id"] != all.Items[2]["id"] || p2.PageCount != (len(a.details)+1)/2 {
		t.Errorf("second page: %+v", p2)
	}
	_, dated := ask(map[string]any{"seg_types": segs, "start_date": "2025-12-01", "end_date": "2026-01-31"})
	for _, it := range dated.Items {
		if d := it["businessDate"].(string); d < "2025-12-01" || d > "2026-01-31" {
			t.Errorf("%s outside the range", d)
		}
	}
	if dated.ItemCount == 0 || dated.ItemCount >= all.ItemCount {
		t.Errorf("%d of %d in the range", dated.ItemCount, all.ItemCount)
	}
}
