// Placeholder until the scrub engine lands.
import DICOMDeid
