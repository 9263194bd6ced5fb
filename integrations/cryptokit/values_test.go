package cryptokit

import (
	"maps"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// The values a script types land in the fields of the forms.
func TestFormValues(t *testing.T) {
	pair := PairValues("k", "s")
	for _, f := range KeyFields("", "", "Secret", "") {
		if _, ok := pair[f.Name]; !ok {
			t.Errorf("PairValues has no %s: %v", f.Name, pair)
		}
	}
	signing := SigningValues("k", "p")
	for _, f := range SigningFields(integrations.Field{Label: "Key"}, integrations.Field{}) {
		if _, ok := signing[f.Name]; !ok {
			t.Errorf("SigningValues has no %s: %v", f.Name, signing)
		}
	}
	if !maps.Equal(pair, map[string]string{FieldKey: "k", FieldSecret: "s"}) ||
		!maps.Equal(signing, map[string]string{FieldKey: "k", FieldPrivateKey: "p"}) {
		t.Errorf("%v, %v", pair, signing)
	}
}
