package org.mingjian.sdk.descriptor;

import java.util.List;
import java.util.Optional;

/**
 * The static description of a model, shipped in its bundle.
 *
 * @param id stable id, lower-case words joined by {@code -}
 * @param name display name
 * @param version {@code major.minor.micro}, equal to the bundle version
 * @param supervisionPoint the supervision point (监督点) the model serves
 * @param legalBasis the statutes the rule rests on
 * @param businessLine the business line
 * @param authorDistrict the 6-digit code of the district that wrote it
 * @param kind SQL-only or Java
 * @param datasets the data contract: every dataset and column read
 * @param parameters the tunable parameters
 * @param clueFields the fields its clues carry
 * @param sql for SQL-only models, the query and how rows become clues; {@code null} otherwise
 */
public record ModelDescriptor(
    String id,
    String name,
    String version,
    String supervisionPoint,
    String legalBasis,
    BusinessLine businessLine,
    String authorDistrict,
    ModelKind kind,
    List<DatasetContract> datasets,
    List<ParameterSpec> parameters,
    List<ClueFieldSpec> clueFields,
    SqlOutput sql) {

  /** The manifest header naming the descriptor resource. */
  public static final String HEADER = "Mingjian-Model";

  /** Where the descriptor usually lives in a model bundle. */
  public static final String DEFAULT_LOCATION = "META-INF/mingjian/model.json";

  /** Copies the lists. */
  public ModelDescriptor {
    datasets = List.copyOf(datasets);
    parameters = List.copyOf(parameters);
    clueFields = List.copyOf(clueFields);
  }

  /**
   * @param dataset a logical dataset name
   * @return the contract for it, if the model declares it
   */
  public Optional<DatasetContract> dataset(String dataset) {
    return datasets.stream().filter(d -> d.name().equals(dataset)).findFirst();
  }

  /**
   * @param parameter a parameter name
   * @return its spec, if declared
   */
  public Optional<ParameterSpec> parameter(String parameter) {
    return parameters.stream().filter(p -> p.name().equals(parameter)).findFirst();
  }
}
