"""Call records from the centre's phone system: item 27, pick up a ringing phone by the third ring."""
