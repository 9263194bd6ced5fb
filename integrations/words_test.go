package integrations

import "testing"

func TestWords(t *testing.T) {
	has := Words("Qualified DIVIDEND Reinvestment")
	if !has("dividend") || !has("buy", "reinvest") || has("interest", "fee") || has() {
		t.Error("Words tested the words wrong")
	}
}
