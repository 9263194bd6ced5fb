// Package strength estimates how many guesses a password would take an
// attacker who tries common passwords, words, names, keyboard walks,
// repeats, sequences and dates first, and turns that into a 0–4 score for
// a password meter.
//
// It follows zxcvbn's published model (Wheeler, "zxcvbn: Low-Budget Password
// Strength Estimation", USENIX Security 2016): the password is covered by
// the sequence of matches that needs the fewest guesses, and the guesses
// map to a score at 10^3, 10^6, 10^8 and 10^10. Its frequency lists and
// keyboard graphs are zxcvbn's, read from the data package of
// github.com/ccojocar/zxcvbn-go (already a dependency).
//
// Why not call that library: Go runs a package's initialisation in every
// process that links it, and zxcvbn-go's packages decode and index all their
// lists at initialisation (34–43 ms and 18.9 MB allocated in every Latchkey
// process, CLI included; issue 18). Here nothing is read until the first
// Estimate: the lists are decoded and indexed once, on first use, by the
// meter only. Its data package does no work at initialisation.
package strength

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/ccojocar/zxcvbn-go/data"
)

// Result is an estimate.
type Result struct {
	// Guesses is the estimated number of guesses.
	Guesses float64
	// Score is 0 (too guessable) to 4 (very unguessable): Guesses below
	// 10^3, 10^6, 10^8, 10^10 and above.
	Score int
}

// maxRunes bounds the work: only a password's first maxRunes characters
// are matched (the rest only adds guesses).
const maxRunes = 100

// Estimate estimates password's guesses. userInputs are words an attacker
// would try first (the application's name, the user's name).
func Estimate(password string, userInputs []string) Result {
	pw := []rune(password)
	if len(pw) > maxRunes {
		pw = pw[:maxRunes]
	}
	extra := map[string]int{}
	for i, w := range userInputs {
		w = strings.ToLower(w)
		if _, ok := extra[w]; !ok && w != "" {
			extra[w] = i + 1
		}
	}
	g := mostGuessable(pw, matches(pw, load(), extra))
	return Result{Guesses: g, Score: score(g)}
}

func score(guesses float64) int {
	const delta = 5
	switch {
	case guesses < 1e3+delta:
		return 0
	case guesses < 1e6+delta:
		return 1
	case guesses < 1e8+delta:
		return 2
	case guesses < 1e10+delta:
		return 3
	}
	return 4
}

// tables are the lists and graphs, built on first use.
type tables struct {
	ranked map[string]int // word → its best rank in any frequency list (1 = most common)
	maxLen int            // longest word, in runes
	graphs []graph
	l33t   map[rune][]rune // substitute → the letters it stands for
}

type graph struct {
	keypad bool
	adj    map[rune][]string // key → neighbours by direction ("" = none); a neighbour is "unshifted shifted"
	starts float64           // keys
	degree float64           // average neighbours per key
}

var loaded atomic.Bool // tests: nothing is read before the first Estimate

var load = sync.OnceValue(readTables)

// readTables decodes and indexes the lists and graphs.
func readTables() *tables {
	var lists [][]string
	words := 0
	for _, name := range []string{"Passwords", "English", "FemaleNames", "MaleNames", "Surnames"} {
		var list struct{ List []string }
		if err := json.Unmarshal(asset(name), &list); err != nil {
			panic("strength: " + name + ": " + err.Error())
		}
		lists = append(lists, list.List)
		words += len(list.List)
	}
	t := &tables{ranked: make(map[string]int, words), l33t: map[rune][]rune{}}
	for _, list := range lists {
		for i, w := range list {
			if r, ok := t.ranked[w]; !ok || i+1 < r {
				t.ranked[w] = i + 1
			}
			t.maxLen = max(t.maxLen, len([]rune(w)))
		}
	}
	for _, name := range []string{"Qwerty", "Dvorak", "Keypad", "MacKeypad"} {
		var g struct{ Graph map[string][]*string }
		if err := json.Unmarshal(asset(name), &g); err != nil {
			panic("strength: " + name + ": " + err.Error())
		}
		gr := graph{keypad: strings.Contains(name, "Keypad"), adj: map[rune][]string{}}
		n := 0
		for k, dirs := range g.Graph {
			var out []string
			for _, d := range dirs {
				if d == nil {
					out = append(out, "")
					continue
				}
				out = append(out, *d)
				n++
			}
			gr.adj[[]rune(k)[0]] = out
		}
		gr.starts = float64(len(g.Graph))
		gr.degree = float64(n) / gr.starts
		t.graphs = append(t.graphs, gr)
	}
	var l struct{ Graph map[string][]string }
	if err := json.Unmarshal(asset("L33t"), &l); err != nil {
		panic("strength: l33t: " + err.Error())
	}
	for letter, subs := range l.Graph {
		for _, s := range subs {
			r := []rune(s)[0]
			t.l33t[r] = append(t.l33t[r], []rune(letter)[0])
		}
	}
	for _, v := range t.l33t {
		slices.Sort(v)
	}
	loaded.Store(true)
	return t
}

func asset(name string) []byte {
	b, err := data.Asset("data/" + name + ".json")
	if err != nil {
		panic("strength: " + err.Error())
	}
	return b
}

// match is a run password[i..j] (inclusive) and its guesses.
type match struct {
	i, j    int
	guesses float64
	brute   bool
}

// matches finds every match of every kind in pw.
func matches(pw []rune, t *tables, extra map[string]int) []match {
	lower := []rune(strings.ToLower(string(pw)))
	if len(lower) != len(pw) {
		lower = make([]rune, len(pw))
		for i, r := range pw {
			lower[i] = unicode.ToLower(r)
		}
	}
	var out []match
	out = append(out, dictionary(pw, lower, t, extra)...)
	out = append(out, reversed(pw, lower, t, extra)...)
	out = append(out, l33t(pw, lower, t, extra)...)
	out = append(out, spatial(pw, t)...)
	out = append(out, repeats(pw, t, extra)...)
	out = append(out, sequences(pw)...)
	out = append(out, years(pw)...)
	out = append(out, dates(pw)...)
	return out
}

func rank(w string, t *tables, extra map[string]int) (int, bool) {
	r, ok := t.ranked[w]
	if e, eok := extra[w]; eok && (!ok || e < r) {
		return e, true
	}
	return r, ok
}

// dictionary: a word of a list, any capitalisation.
func dictionary(pw, lower []rune, t *tables, extra map[string]int) []match {
	var out []match
	for i := range lower {
		for j := i; j < len(lower) && j-i < t.maxLen; j++ {
			if r, ok := rank(string(lower[i:j+1]), t, extra); ok {
				out = append(out, match{i: i, j: j, guesses: float64(r) * upperVariations(pw[i:j+1])})
			}
		}
	}
	return out
}

// reversed: a word of a list written backwards (twice the guesses).
func reversed(pw, lower []rune, t *tables, extra map[string]int) []match {
	n := len(pw)
	rp, rl := slices.Clone(pw), slices.Clone(lower)
	slices.Reverse(rp)
	slices.Reverse(rl)
	var out []match
	for _, m := range dictionary(rp, rl, t, extra) {
		if m.j == m.i {
			continue
		}
		out = append(out, match{i: n - 1 - m.j, j: n - 1 - m.i, guesses: 2 * m.guesses})
	}
	return out
}

// l33t: a word of a list with letters swapped for look-alikes (4 for a).
func l33t(pw, lower []rune, t *tables, extra map[string]int) []match {
	var subs []rune // the substitutes present
	for _, r := range lower {
		if _, ok := t.l33t[r]; ok && !slices.Contains(subs, r) {
			subs = append(subs, r)
		}
	}
	if len(subs) == 0 {
		return nil
	}
	// Every assignment of a letter to each substitute present, at most 64.
	tables := []map[rune]rune{{}}
	for _, s := range subs {
		var next []map[rune]rune
		for _, m := range tables {
			for _, letter := range t.l33t[s] {
				c := make(map[rune]rune, len(m)+1)
				for k, v := range m {
					c[k] = v
				}
				c[s] = letter
				next = append(next, c)
				if len(next) == 64 {
					break
				}
			}
		}
		tables = next
	}
	var out []match
	for _, sub := range tables {
		subbed := make([]rune, len(lower))
		for i, r := range lower {
			if l, ok := sub[r]; ok {
				subbed[i] = l
			} else {
				subbed[i] = r
			}
		}
		for _, m := range dictionary(pw, subbed, t, extra) {
			token := lower[m.i : m.j+1]
			used := false
			variations := 1.0
			for s, letter := range sub {
				S, U := 0, 0
				for _, r := range token {
					switch r {
					case s:
						S++
					case letter:
						U++
					}
				}
				if S == 0 {
					continue
				}
				used = true
				if U == 0 {
					variations *= 2
					continue
				}
				p := 0.0
				for k := 1; k <= min(S, U); k++ {
					p += nCk(S+U, k)
				}
				variations *= p
			}
			if used && m.j > m.i {
				out = append(out, match{i: m.i, j: m.j, guesses: m.guesses * variations})
			}
		}
	}
	return out
}

// upperVariations is how many capitalisations of a word an attacker tries
// before this one.
func upperVariations(w []rune) float64 {
	upper, lowerN := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lowerN++
		}
	}
	if upper == 0 {
		return 1
	}
	first, last := unicode.IsUpper(w[0]), unicode.IsUpper(w[len(w)-1])
	if lowerN == 0 || upper == 1 && (first || last) {
		return 2 // all caps, or a capital first or last
	}
	v := 0.0
	for k := 1; k <= min(upper, lowerN); k++ {
		v += nCk(upper+lowerN, k)
	}
	return v
}

func nCk(n, k int) float64 {
	if k > n {
		return 0
	}
	r := 1.0
	for d := 1; d <= k; d++ {
		r = r * float64(n-k+d) / float64(d)
	}
	return r
}

const shiftedKeys = "~!@#$%^&*()_+QWERTYUIOPASDFGHJKL:\"ZXCVBNM<>?{}|"

// spatial: three or more neighbouring keys on a keyboard or keypad.
func spatial(pw []rune, t *tables) []match {
	var out []match
	for _, g := range t.graphs {
		i := 0
		for i < len(pw)-1 {
			j, turns, lastDir, shifted := i+1, 0, -1, 0
			if !g.keypad && strings.ContainsRune(shiftedKeys, pw[i]) {
				shifted = 1
			}
			for j < len(pw) {
				dir, found := -1, false
				for d, nb := range g.adj[pw[j-1]] {
					if k := strings.IndexRune(nb, pw[j]); k >= 0 && nb != "" {
						dir, found = d, true
						if k > 0 {
							shifted++
						}
						break
					}
				}
				if !found {
					break
				}
				if dir != lastDir {
					turns++
					lastDir = dir
				}
				j++
			}
			if j-i > 2 {
				out = append(out, match{i: i, j: j - 1, guesses: spatialGuesses(g, j-i, turns, shifted)})
			}
			i = j
		}
	}
	return out
}

func spatialGuesses(g graph, n, turns, shifted int) float64 {
	guesses := 0.0
	for l := 2; l <= n; l++ {
		for k := 1; k <= min(turns, l-1); k++ {
			guesses += nCk(l-1, k-1) * g.starts * math.Pow(g.degree, float64(k))
		}
	}
	if shifted > 0 {
		unshifted := n - shifted
		if unshifted == 0 {
			guesses *= 2
		} else {
			v := 0.0
			for k := 1; k <= min(shifted, unshifted); k++ {
				v += nCk(n, k)
			}
			guesses *= v
		}
	}
	return guesses
}

// repeats: a run repeated two or more times (aaa, abcabc); the guesses of
// the run times the count.
func repeats(pw []rune, t *tables, extra map[string]int) []match {
	var out []match
	for i := 0; i < len(pw)-1; {
		best, bestUnit, bestCount := 0, 0, 0
		for unit := 1; i+2*unit <= len(pw); unit++ {
			count := 1
			for i+(count+1)*unit <= len(pw) && slices.Equal(pw[i:i+unit], pw[i+count*unit:i+(count+1)*unit]) {
				count++
			}
			if count >= 2 && unit*count > best {
				best, bestUnit, bestCount = unit*count, unit, count
			}
		}
		if best == 0 {
			i++
			continue
		}
		base := pw[i : i+bestUnit]
		g := mostGuessable(base, matches(base, t, extra))
		out = append(out, match{i: i, j: i + best - 1, guesses: g * float64(bestCount)})
		i += best
	}
	return out
}

// sequences: characters at a constant step (abcd, 1357, zyx).
func sequences(pw []rune) []match {
	var out []match
	add := func(i, j int, delta rune) {
		if j-i > 1 || delta == 1 || delta == -1 {
			base := 26.0
			switch first := pw[i]; {
			case strings.ContainsRune("aAzZ019", first):
				base = 4
			case unicode.IsDigit(first):
				base = 10
			}
			if delta < 0 {
				base *= 2
			}
			out = append(out, match{i: i, j: j, guesses: base * float64(j-i+1)})
		}
	}
	if len(pw) < 2 {
		return nil
	}
	i, last := 0, rune(0)
	for k := 1; k < len(pw); k++ {
		delta := pw[k] - pw[k-1]
		if k == 1 {
			last = delta
			continue
		}
		if delta == last {
			continue
		}
		j := k - 1
		if last != 0 && last >= -5 && last <= 5 {
			add(i, j, last)
		}
		i, last = j, delta
	}
	if last != 0 && last >= -5 && last <= 5 {
		add(i, len(pw)-1, last)
	}
	return out
}

// referenceYear is this year: years near it are guessed first.
var referenceYear = time.Now().Year()

func yearGuesses(y int) float64 {
	return math.Max(math.Abs(float64(y-referenceYear)), 20)
}

// years: 1900–2099.
func years(pw []rune) []match {
	var out []match
	for i := 0; i+4 <= len(pw); i++ {
		if y, ok := number(pw[i : i+4]); ok && y >= 1900 && y <= 2099 {
			out = append(out, match{i: i, j: i + 3, guesses: yearGuesses(y)})
		}
	}
	return out
}

func number(r []rune) (int, bool) {
	n := 0
	for _, c := range r {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// dates: day, month and year in any order, 4 to 8 digits, or split by one
// separator used twice (13.5.1986, 1986-05-13).
func dates(pw []rune) []match {
	var out []match
	for i := range pw {
		for j := i + 3; j < len(pw) && j-i < 10; j++ {
			tok := pw[i : j+1]
			if y, ok := dateYear(tok); ok {
				sep := 1.0
				if _, digits := number(tok); !digits {
					sep = 4
				}
				out = append(out, match{i: i, j: j, guesses: 365 * yearGuesses(y) * sep})
			}
		}
	}
	return out
}

// dateYear reports whether tok reads as a date and its year (the reading
// nearest the reference year).
func dateYear(tok []rune) (int, bool) {
	var parts [][]rune
	if _, digits := number(tok); digits {
		if len(tok) > 8 {
			return 0, false
		}
		best, found := 0, false
		for a := 1; a < len(tok)-1; a++ {
			for b := a + 1; b < len(tok); b++ {
				if y, ok := dmy([][]rune{tok[:a], tok[a:b], tok[b:]}); ok && (!found || math.Abs(float64(y-referenceYear)) < math.Abs(float64(best-referenceYear))) {
					best, found = y, true
				}
			}
		}
		return best, found
	}
	sep := rune(-1)
	start := 0
	for k, r := range tok {
		if r >= '0' && r <= '9' {
			continue
		}
		if !strings.ContainsRune(" /\\_.-", r) || sep >= 0 && r != sep {
			return 0, false
		}
		sep = r
		parts = append(parts, tok[start:k])
		start = k + 1
	}
	parts = append(parts, tok[start:])
	if len(parts) != 3 {
		return 0, false
	}
	return dmy(parts)
}

// dmy reads three numbers as a day, a month and a year (two digits: 19xx
// or 20xx) in any order that makes a date.
func dmy(parts [][]rune) (int, bool) {
	var n [3]int
	for k, p := range parts {
		v, ok := number(p)
		if !ok || len(p) == 0 || len(p) > 4 || len(p) == 3 {
			return 0, false
		}
		n[k] = v
	}
	for _, yi := range []int{2, 0} {
		y := n[yi]
		d, m := n[1], n[2-yi]
		if len(parts[yi]) == 2 {
			if y > 50 {
				y += 1900
			} else {
				y += 2000
			}
		}
		if y < 1000 || y > 2050 {
			continue
		}
		for _, dm := range [][2]int{{d, m}, {m, d}} {
			if dm[0] >= 1 && dm[0] <= 31 && dm[1] >= 1 && dm[1] <= 12 {
				return y, true
			}
		}
	}
	return 0, false
}

// mostGuessable is the guesses of the cheapest cover of pw by matches, the
// rest guessed by brute force: zxcvbn's search, where a cover of l matches
// costs l! times the product of their guesses plus 10^4^(l-1).
func mostGuessable(pw []rune, ms []match) float64 {
	n := len(pw)
	if n == 0 {
		return 1
	}
	type state struct {
		pi, g float64
		brute bool
	}
	// best[k][l]: the best cover of pw[:k+1] by l matches.
	best := make([]map[int]state, n)
	for k := range best {
		best[k] = map[int]state{}
	}
	minGuesses := func(m match) float64 {
		g := m.guesses
		if m.j-m.i+1 < n {
			if m.i == m.j {
				g = math.Max(g, 10)
			} else {
				g = math.Max(g, 50)
			}
		}
		return math.Max(g, 1)
	}
	update := func(m match, l int) {
		k := m.j
		pi := minGuesses(m)
		if l > 1 {
			pi *= best[m.i-1][l-1].pi
		}
		g := factorial(l)*pi + math.Pow(1e4, float64(l-1))
		for cl, c := range best[k] {
			if cl <= l && c.g <= g {
				return
			}
		}
		best[k][l] = state{pi: pi, g: g, brute: m.brute}
	}
	byEnd := make([][]match, n)
	for _, m := range ms {
		byEnd[m.j] = append(byEnd[m.j], m)
	}
	for k := range n {
		for _, m := range byEnd[k] {
			if m.i == 0 {
				update(m, 1)
				continue
			}
			for l := range best[m.i-1] {
				update(m, l+1)
			}
		}
		update(brute(0, k), 1)
		for i := 1; i <= k; i++ {
			for l, prev := range best[i-1] {
				if !prev.brute {
					update(brute(i, k), l+1)
				}
			}
		}
	}
	g := math.Inf(1)
	for _, s := range best[n-1] {
		g = math.Min(g, s.g)
	}
	return g
}

func brute(i, j int) match {
	return match{i: i, j: j, guesses: math.Pow(10, float64(j-i+1)), brute: true}
}

func factorial(n int) float64 {
	f := 1.0
	for k := 2; k <= n; k++ {
		f *= float64(k)
	}
	return f
}
