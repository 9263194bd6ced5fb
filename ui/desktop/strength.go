package desktop

import (
	"github.com/latchkey/latchkey/internal/strength"
)

// passwordStrength scores a password 0 (weakest) to 4 with a label. It is
// used by the two screens that show a meter; the estimator reads its word
// lists on the first call, so no other screen and no CLI command pays for
// them (issue 18).
func passwordStrength(pw string) (int, string) {
	if pw == "" {
		return 0, " "
	}
	if len([]rune(pw)) < minPasswordLen {
		return 0, "Too short"
	}
	r := strength.Estimate(pw, []string{"latchkey", "vault", "password"})
	return r.Score, [...]string{"Very weak", "Weak", "Fair", "Good", "Strong"}[r.Score]
}
