// Placeholder until the pseudonymizer lands.
import DICOMDeid
