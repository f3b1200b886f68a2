"""`/mentor ask`: a plain (not confidential) question to the program team."""
