package desktop

import (
	"github.com/ccojocar/zxcvbn-go"
)

// passwordStrength scores a password 0 (weakest) to 4 with a label. It is
// the only use of zxcvbn, on the two screens that show a meter.
func passwordStrength(pw string) (int, string) {
	if pw == "" {
		return 0, " "
	}
	if len([]rune(pw)) < minPasswordLen {
		return 0, "Too short"
	}
	r := zxcvbn.PasswordStrength(pw, []string{"latchkey", "vault", "password"})
	return r.Score, [...]string{"Very weak", "Weak", "Fair", "Good", "Strong"}[r.Score]
}
