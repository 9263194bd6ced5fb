package allfakes_test

// indiaIDs are the ids of India's retail brokers added for issue 19, and
// Groww after them.
var indiaIDs = []string{"dhan", "angelone", "kotakneo", "fyers", "comdirect", "groww"}
