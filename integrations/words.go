package integrations

import "strings"

// Words is a test of raw, an institution's raw type or description,
// ignoring case: whether it holds one of words (in lower case). A type an
// API documents only by example is mapped by its words.
func Words(raw string) func(words ...string) bool {
	t := strings.ToLower(raw)
	return func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
}
