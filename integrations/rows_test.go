package integrations

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestAccountStatus(t *testing.T) {
	for word, want := range map[string]string{
		"Active": "open", "ACTIVE": "open", "": "unknown", "Closed": "closed", "ACCOUNT_CLOSED": "closed",
		"Restricted": "restricted", "account_closed_pending": "account_closed_pending",
	} {
		if got := AccountStatus(word, "account_closed"); got != want {
			t.Errorf("%q: %q, want %q", word, got, want)
		}
	}
	if got := AccountStatus("account_closed"); got != "account_closed" {
		t.Errorf("without closed words: %q", got)
	}
}

func TestBySign(t *testing.T) {
	d := decimal.RequireFromString
	for _, c := range []struct {
		v    []decimal.Decimal
		want ActivityType
	}{
		{[]decimal.Decimal{d("5")}, ActivityTransferIn},
		{[]decimal.Decimal{d("-5")}, ActivityTransferOut},
		{[]decimal.Decimal{d("0")}, ActivityOther},
		{nil, ActivityOther},
		{[]decimal.Decimal{d("0"), d("-2")}, ActivityTransferOut}, // no amount: the units
		{[]decimal.Decimal{d("3"), d("-2")}, ActivityTransferIn},  // the amount first
		{[]decimal.Decimal{d("0"), d("0")}, ActivityOther},
	} {
		if got := BySign(ActivityTransferIn, ActivityTransferOut, c.v...); got != c.want {
			t.Errorf("%v: %s, want %s", c.v, got, c.want)
		}
	}
}

// TestRowIDs pins the ids: activities already saved keep theirs.
func TestRowIDs(t *testing.T) {
	ids := RowIDs{Prefix: "qa-"}
	got := []string{ids.ID("k"), ids.ID("other"), ids.ID("k")}
	if got[0] != "qa-fba7a1abd3ac83e46a5ac151" || got[2] != "qa-07f3328fbecbdea18f507192" {
		t.Errorf("ids of a repeated row: %q", got)
	}
	if got[1] == got[0] || got[1] == got[2] || len(got[1]) != len("qa-")+24 {
		t.Errorf("another row's id: %q", got)
	}
	again := RowIDs{Prefix: "qa-"}
	if again.ID("k") != got[0] {
		t.Error("a new read must give the first row its id again")
	}
}
