"""Types and ontology codes; imports nothing else from casewatch."""
