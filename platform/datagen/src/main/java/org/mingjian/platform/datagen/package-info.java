/**
 * Deterministic synthetic data for the Mingjian platform: persons, civil judgments and
 * provident-fund withdrawals of Beijing's 16 districts, with planted clues for the reference model
 * {@code provident-fund-false-litigation} and their ground truth.
 *
 * <p>Entry points: {@link org.mingjian.platform.datagen.DataGenerator} writes the CSV files, {@link
 * org.mingjian.platform.datagen.DemoDatasets} describes their schemas, {@link
 * org.mingjian.platform.datagen.District} lists the districts, {@link
 * org.mingjian.platform.datagen.ResidentIds} and {@link org.mingjian.platform.datagen.CreditCodes}
 * compute and check identifier check characters.
 */
@Export
@Version("1.0.0")
package org.mingjian.platform.datagen;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
