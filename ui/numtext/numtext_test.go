package numtext

import "testing"

func TestGroupDigits(t *testing.T) {
	for in, want := range map[string]string{
		"":             "",
		"0":            "0",
		"999":          "999",
		"1000":         "1,000",
		"12345.67":     "12,345.67",
		"123456":       "123,456",
		"1234567.5":    "1,234,567.5",
		"-1234567.50":  "-1,234,567.50",
		"-999.99":      "-999.99",
		"0.000012345":  "0.000012345",
		"100000000000": "100,000,000,000",
	} {
		if got := GroupDigits(in); got != want {
			t.Errorf("GroupDigits(%q) = %q, want %q", in, got, want)
		}
	}
}
