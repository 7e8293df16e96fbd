"""What the portal tells victims in its own words: stage explanations, the Victims' Code rights,
the glossary and the labels of the domain's vocabularies. Every string is translatable."""
