"""What victims hand in on a case: messages, personal statements, dates to avoid and help at
court, feedback and complaints."""
