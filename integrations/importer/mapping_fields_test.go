package importer

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// TestFits: a saved mapping is proposed again only when every column it
// names is in the new file's header (a repeated or blank header cell by its
// position), and an empty mapping never fits.
func TestFits(t *testing.T) {
	header := []string{"Date", "Amount", "", "Amount"}
	cases := []struct {
		cols map[statement.Field]string
		want bool
	}{
		{map[statement.Field]string{statement.FieldDate: "Date", statement.FieldAmount: "#2", statement.FieldFee: ""}, true},
		{map[statement.Field]string{statement.FieldDate: "Date", statement.FieldAmount: "Amount"}, false},
		{map[statement.Field]string{statement.FieldDescription: "#3"}, true},
		{map[statement.Field]string{statement.FieldDate: "Trade date"}, false},
		{nil, false},
	}
	for _, c := range cases {
		if got := fits(statement.Mapping{Columns: c.cols}, header); got != c.want {
			t.Errorf("fits(%v) = %v, want %v", c.cols, got, c.want)
		}
	}
}

// TestChoiceField: the placeholder is the proposal's value, or the default
// when the proposal has none.
func TestChoiceField(t *testing.T) {
	yes := integrations.Choice{Value: "y", Label: "Yes"}
	f := choiceField("n", "Label", "", "def", yes)
	if f.Placeholder != "def" || !f.Optional || f.Kind != integrations.FieldChoice || len(f.Choices) != 1 || f.Name != "n" || f.Label != "Label" {
		t.Errorf("no value: %+v", f)
	}
	if f := choiceField("n", "Label", "have", "def"); f.Placeholder != "have" {
		t.Errorf("a value: %+v", f)
	}
}
