package strength

import "testing"

func TestNothingReadBeforeFirstUse(t *testing.T) {
	if loaded.Load() {
		t.Fatal("the lists were read before the first Estimate")
	}
	Estimate("x", nil)
	if !loaded.Load() {
		t.Fatal("the first Estimate did not read the lists")
	}
}

func TestScores(t *testing.T) {
	for _, c := range []struct {
		pw       string
		min, max int
	}{
		{"", 0, 0},
		{"password", 0, 0},
		{"Password1", 0, 1},
		{"qwertyuiop", 0, 1},
		{"zxcvbnm,./", 0, 1},
		{"abcdefghij", 0, 0},
		{"9876543210", 0, 0},
		{"aaaaaaaaaaaaaaaaaaaa", 0, 0},
		{"abcabcabcabcabc", 0, 1},
		{"p4ssw0rd", 0, 1},
		{"drowssap", 0, 0},
		{"13.05.1986", 0, 1},
		{"19861305", 0, 1},
		{"jennifer2019", 0, 2},
		{"latchkeyvault", 0, 1},
		{"P4ssw0rd!", 0, 1},
		{"J3nn1f3r", 0, 1},
		{"correct horse battery staple", 4, 4},
		{"x7#Vq9!mPz2L", 4, 4},
		{"kV8pQ2rT", 2, 3},
	} {
		r := Estimate(c.pw, []string{"latchkey", "vault", "password"})
		if r.Score < c.min || r.Score > c.max {
			t.Errorf("%q: score %d (%.3g guesses), want %d to %d", c.pw, r.Score, r.Guesses, c.min, c.max)
		}
	}
}

// The application's own words count as the most common passwords.
func TestUserInputs(t *testing.T) {
	with := Estimate("Flibbertigibbet", []string{"flibbertigibbet"})
	without := Estimate("Flibbertigibbet", nil)
	if with.Guesses >= without.Guesses || with.Score > 0 {
		t.Errorf("with the word as an input %.3g (score %d), without %.3g", with.Guesses, with.Score, without.Guesses)
	}
}

// More of the same kind of characters never makes a password weaker.
func TestLongerRandomIsStronger(t *testing.T) {
	prev := 0.0
	for _, pw := range []string{"k", "kV", "kV8", "kV8p", "kV8pQ", "kV8pQ2", "kV8pQ2r", "kV8pQ2rT", "kV8pQ2rTw"} {
		g := Estimate(pw, nil).Guesses
		if g < prev {
			t.Errorf("%q: %.3g guesses, fewer than the shorter one's %.3g", pw, g, prev)
		}
		prev = g
	}
}

func FuzzEstimate(f *testing.F) {
	for _, s := range []string{"password", "Tr0ub4dor&3", "13.05.1986", "\xff\xfe", "ééé€€€", "qazwsx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Estimate(s, []string{s})
		if r.Score < 0 || r.Score > 4 || r.Guesses < 1 || r.Guesses != r.Guesses {
			t.Errorf("%q: %+v", s, r)
		}
	})
}

// BenchmarkEstimate is one keystroke in the meter (the lists already read).
func BenchmarkEstimate(b *testing.B) {
	Estimate("", nil)
	for b.Loop() {
		Estimate("correct horse battery staple 1986", []string{"latchkey"})
	}
}

// BenchmarkLoad is the first use: reading and indexing the lists.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		readTables()
	}
}
