package app

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// The month chunks' encoder writes what encoding/json writes, so chunks
// written before and after it read the same.
func TestAppendActivitiesIsEncodingJSON(t *testing.T) {
	rows := []integrations.Activity{
		{},
		{ID: "a-1", Type: integrations.ActivityBuy, RawType: "BUY", TradeDate: "2024-03-01", SettlementDate: "2024-03-03",
			Symbol: "VTI", Units: decimal.NewFromInt(3), Price: decimal.RequireFromString("250.130"),
			Amount: decimal.RequireFromString("-750.39"), Fee: decimal.New(5, -3), Currency: "USD", Description: "Bought 3 VTI"},
		{ID: `quote " back \ slash`, RawType: "<script>&amp;</script>", TradeDate: "2024-03-02",
			Units: decimal.New(12, 3), Price: decimal.New(-1, -20), Description: "tab\tnew\nline\rcr\bbs\fff\x00\x1f\x7f"},
		{ID: "bad \xff utf8 \xe2\x82", Description: "line\u2028sep\u2029para é 中文 🙂", Currency: "EUR", Symbol: "BRK.B"},
	}
	ptrs := make([]*integrations.Activity, len(rows))
	for i := range rows {
		ptrs[i] = &rows[i]
	}
	want, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	got, err := appendActivities([]byte("prefix"), ptrs)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "prefix"+string(want) {
		t.Errorf("got  %s\nwant prefix%s", got, want)
	}
	if got, _ := appendActivities(nil, nil); string(got) != "[]" {
		t.Errorf("no rows: %s", got)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "<&>", "\"\\", "\x00\x1f\u2028\u2029", "\xff\xfe", "é中🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}

// A month's rows: one per id (the last one read wins, in the place of the
// first), sorted by trade date then id; rows without an id are all kept.
func TestChunkWriterRows(t *testing.T) {
	w := newChunkWriter(nil, "b", "k", nil)
	in := []integrations.Activity{
		{ID: "b", TradeDate: "2024-03-05", Description: "first b"},
		{ID: "a", TradeDate: "2024-03-05"},
		{ID: "", TradeDate: "2024-03-01", Description: "no id 1"},
		{ID: "b", TradeDate: "2024-03-02", Description: "second b"},
		{ID: "", TradeDate: "2024-03-01", Description: "no id 2"},
	}
	w.begin()
	for i := range in {
		w.add(&in[i])
	}
	w.sort()
	var got []string
	for _, x := range w.rows {
		got = append(got, x.ID+" "+string(x.TradeDate)+" "+x.Description)
	}
	want := []string{" 2024-03-01 no id 1", " 2024-03-01 no id 2", "b 2024-03-02 second b", "a 2024-03-05 "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows\n%q\nwant\n%q", got, want)
	}
}
