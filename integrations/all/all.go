// Package all lists every integration Latchkey ships, explicitly: adding an
// institution means adding it here.
package all

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
)

// Integrations returns every integration. dataDir is the app's data folder
// (where the demo brokerage keeps its signing key and revocation list).
func Integrations(dataDir string) []integrations.Integration {
	var list []integrations.Integration
	list = append(list, demo.New(demo.Options{DataDir: dataDir})...)
	return list
}
