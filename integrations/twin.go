package integrations

// Twin is which of an institution's two variants an Integration is: the
// live one, or its paper twin (paper trading, a practice account, a
// sandbox, a simulator: Institution.Paper), with the variant's institution
// id. A package's Integration embeds it, and its New is [Twins].
type Twin struct {
	LiveID, PaperID string
	Paper           bool
}

// ID is the variant's institution id.
func (t Twin) ID() string {
	if t.Paper {
		return t.PaperID
	}
	return t.LiveID
}

// Twins is the New of a package of two variants: the live one, then the
// paper one, each made by newIn from its Twin.
func Twins[T Integration](liveID, paperID string, newIn func(Twin) T) []Integration {
	t := Twin{LiveID: liveID, PaperID: paperID}
	live := newIn(t)
	t.Paper = true
	return Variants(live, newIn(t))
}
