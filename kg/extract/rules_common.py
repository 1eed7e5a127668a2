"""What the relation rule modules share."""

# A `date` property to read from the sentence only when the relation is kept: reading a
# sentence's date is the costliest step of the relation rules.
SENTENCE_DATE = object()
