package degiro

import "time"

// NewPolling returns the integration with a short approval poll interval.
func NewPolling(every time.Duration) *Integration { return &Integration{pollInterval: every} }
