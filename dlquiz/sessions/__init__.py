"""What a student does: practice, timed exams, review (FSRS), the history store and progress, independent of the terminal."""
