"""What caseworkers record on a case and send to its victims: cases, hearings and decisions,
obligations, updates and their checking, translations, lists and figures."""
