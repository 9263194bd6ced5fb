package webull

import (
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// NewPolling returns the integration with a short approval poll interval.
func NewPolling(every time.Duration) *Integration {
	return integrations.PollEvery(&Integration{}, every)
}
