package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.mingjian.platform.datagen.DemoDatasets;

/**
 * Fuel invoices and waste-oil declarations, with the planted cases of {@code fuel-tax}: a firm that
 * buys far more non-product oil or blended diesel in a year than its fuel capacity allows, or a
 * licensed recycler that buys more waste oil than it declares.
 *
 * <p>Background: a buyer's non-product oil and blended diesel in a year never exceed its capacity
 * (beyond it an invoice is for ordinary diesel instead), and recyclers declare at least what they
 * bought. Only recyclers buy waste oil.
 */
final class FuelTax {

  static final String MODEL = "fuel-tax";
  static final String OVER_CAPACITY = "OVER_CAPACITY";
  static final String WASTE_OIL_UNDECLARED = "WASTE_OIL_UNDECLARED";

  static final int GASOLINE = 0;
  static final int DIESEL = 1;
  static final int NON_PRODUCT_OIL = 2;
  static final int BLENDED_DIESEL = 3;
  static final int WASTE_OIL = 4;
  static final int LUBRICANT = 5;
  static final List<String> PRODUCTS =
      List.of("GASOLINE", "DIESEL", "NON_PRODUCT_OIL", "BLENDED_DIESEL", "WASTE_OIL", "LUBRICANT");
  private static final int[][] PRICE = {
    {8800, 9800}, {7400, 8400}, {5000, 6000}, {6000, 7000}, {2400, 3400}, {11000, 15000}
  };
  private static final byte[] USER_PRODUCTS = Rng.weightTable(25, 45, 10, 10, 0, 10);

  /** Declared years: 2019-2023 (the 2024 declaration is not due yet). */
  private static final int DECLARED_YEARS = 5;

  private static final String[] REFINERY_AREAS = {
    "370502", "370503", "370522", "370602", "370686", "130203", "130283", "120116", "210711",
    "320612"
  };

  record Invoice(int buyer, String seller, int day, int product, long centiTons) {}

  record Declaration(int firm, int year, long received, long processed, int declaredOn) {}

  private final World world;
  private final Enterprises firms;
  private final Rng rng;
  final List<Invoice> planted = new ArrayList<>();
  final List<Declaration> plantedDeclarations = new ArrayList<>();
  final List<World.Truth> truth = new ArrayList<>();
  int decoys;
  private final String[] refineries = new String[REFINERY_AREAS.length];
  private final List<String> traders = new ArrayList<>();
  private final List<String> garages = new ArrayList<>();

  FuelTax(World world, Enterprises firms, int sets, Rng rng) {
    this.world = world;
    this.firms = firms;
    this.rng = rng;
    for (int i = 0; i < refineries.length; i++) {
      refineries[i] = Enterprises.externalCode(REFINERY_AREAS[i], 1000 + i * 37);
    }
    for (int d = 0; d < Vocab.DISTRICTS; d++) {
      for (int s = 0; s < sets; s++) {
        plantSet(d);
      }
    }
  }

  private int firm(int d, int industry, long capacity) {
    int reg = rng.between(Dates.epochDay(2005, 1, 1), Dates.epochDay(2017, 12, 31));
    int rep = world.background(d, rng, p -> world.birthYear(p) < 1985);
    int f = firms.add(rng, d, industry, rep, reg, reg, Enterprises.ACTIVE, -1, (byte) 0, capacity);
    firms.planted.set(f);
    return f;
  }

  private int dayIn(int year) {
    return rng.between(Dates.epochDay(year, 1, 1), Dates.epochDay(year, 12, 31));
  }

  /** Splits {@code total} centi-tons over {@code n} invoices of at least one ton in the year. */
  private void invoices(int buyer, int year, int product, long total, int n) {
    long left = total;
    for (int i = 0; i < n; i++) {
      long q = i == n - 1 ? left : Math.max(100, left / (n - i) + rng.between(-500, 500));
      q = Math.min(q, left - 100L * (n - i - 1));
      left -= q;
      planted.add(new Invoice(buyer, null, dayIn(year), product, q));
    }
  }

  private void declarations(int firm, int undeclaredYear, int year, long received) {
    for (int y = 0; y < DECLARED_YEARS; y++) {
      if (y + World.FIRST_YEAR == undeclaredYear) {
        continue;
      }
      long r = y + World.FIRST_YEAR == year ? received : rng.between(0, 30) * 100L;
      plantedDeclarations.add(
          new Declaration(
              firm, y, r, r * rng.between(90, 100) / 100, declaredOn(y + World.FIRST_YEAR)));
    }
  }

  private int declaredOn(int year) {
    return Dates.epochDay(year + 1, 1, 1) + rng.between(14, 80);
  }

  private void clue(int firm, String reason) {
    String code = firms.code[firm];
    truth.add(new World.Truth(MODEL, World.code(firms.district[firm]), code, code, reason));
  }

  private void plantSet(int d) {
    int year = rng.between(2019, 2022);
    // Clue: a haulier buying non-product oil and blended diesel above three times its capacity.
    long cap = rng.between(100, 300) * 100L;
    int f = firm(d, Enterprises.TRANSPORT, cap);
    long over = 3 * cap + rng.between(50, 200) * 100L;
    long npo = over / 2;
    invoices(f, year, NON_PRODUCT_OIL, npo, rng.between(2, 4));
    invoices(f, year, BLENDED_DIESEL, over - npo, rng.between(2, 4));
    invoices(f, year, DIESEL, cap / 2, 2);
    clue(f, OVER_CAPACITY);
    // Clue: a consultancy without any vehicles buying blended diesel.
    f = firm(d, Enterprises.CONSULTING, 0);
    invoices(f, year + 1, BLENDED_DIESEL, rng.between(25, 60) * 100L, rng.between(2, 3));
    clue(f, OVER_CAPACITY);
    // Clue: a recycler that buys waste oil in a year it never declared.
    f = firm(d, Enterprises.WASTE_OIL_RECYCLING, rng.between(0, 50) * 100L);
    invoices(f, year, WASTE_OIL, rng.between(60, 150) * 100L, rng.between(3, 6));
    declarations(f, year, -1, 0);
    clue(f, WASTE_OIL_UNDECLARED);
    // Clue: a recycler that declares 40 % of what it bought.
    f = firm(d, Enterprises.WASTE_OIL_RECYCLING, rng.between(0, 50) * 100L);
    long bought = rng.between(100, 200) * 100L;
    invoices(f, year + 1, WASTE_OIL, bought, rng.between(3, 6));
    declarations(f, -1, year + 1, bought * 40 / 100);
    clue(f, WASTE_OIL_UNDECLARED);

    // Decoy: exactly three times the capacity (the rule needs more).
    cap = rng.between(100, 300) * 100L;
    f = firm(d, Enterprises.TRANSPORT, cap);
    invoices(f, year, NON_PRODUCT_OIL, 3 * cap, rng.between(3, 6));
    decoys++;
    // Decoy: no capacity, but only 15 tons (under the minimum).
    f = firm(d, Enterprises.CONSULTING, 0);
    invoices(f, year, NON_PRODUCT_OIL, 1500, 2);
    decoys++;
    // Decoy: ten times the capacity, but ordinary diesel.
    cap = rng.between(20, 100) * 100L;
    f = firm(d, Enterprises.LOGISTICS, cap);
    invoices(f, year, DIESEL, 10 * cap, rng.between(5, 10));
    decoys++;
    // Decoy: twice the capacity in each of two years (the rule works per year).
    cap = rng.between(30, 200) * 100L;
    f = firm(d, Enterprises.CONSTRUCTION, cap);
    invoices(f, year, NON_PRODUCT_OIL, 2 * cap, rng.between(2, 4));
    invoices(f, year + 1, BLENDED_DIESEL, 2 * cap, rng.between(2, 4));
    decoys++;
    // Decoy: a recycler buying exactly 1.2 times what it declared.
    f = firm(d, Enterprises.WASTE_OIL_RECYCLING, rng.between(0, 50) * 100L);
    long declared = 5L * rng.between(1000, 3000);
    invoices(f, year, WASTE_OIL, declared * 6 / 5, rng.between(3, 6));
    declarations(f, -1, year, declared);
    decoys++;
  }

  private String seller(int product, Rng r) {
    if (product == WASTE_OIL && !garages.isEmpty()) {
      return garages.get(r.nextInt(garages.size()));
    }
    if (product != WASTE_OIL && !traders.isEmpty() && r.nextBoolean()) {
      return traders.get(r.nextInt(traders.size()));
    }
    return refineries[r.nextInt(refineries.length)];
  }

  private final List<Integer> buyers = new ArrayList<>();
  private long[] waste;

  /** Streams the invoices, background and planted mixed; then call {@link #writeDeclarations}. */
  void writeInvoices(CsvWriter inv, int background, Rng bg) throws IOException {
    for (int i = 0; i < firms.count; i++) {
      int ind = firms.industry[i];
      if (firms.status[i] != Enterprises.ACTIVE) {
        continue;
      }
      if (ind == Enterprises.FUEL_TRADE) {
        traders.add(firms.code[i]);
      }
      if (ind == Enterprises.MANUFACTURING || ind == Enterprises.TRANSPORT) {
        garages.add(firms.code[i]);
      }
    }
    // planted firms are never background buyers
    for (int i = 0; i < firms.count; i++) {
      int ind = firms.industry[i];
      if (!firms.planted.get(i)
          && firms.status[i] == Enterprises.ACTIVE
          && ind != Enterprises.CATERING
          && ind != Enterprises.CONSULTING) {
        buyers.add(i);
      }
    }
    int[] plantedOrder = new int[planted.size()];
    for (int i = 0; i < plantedOrder.length; i++) {
      plantedOrder[i] = i;
    }
    bg.shuffle(plantedOrder);
    long[] used = new long[firms.count * 6];
    waste = new long[used.length];

    inv.header(DemoDatasets.schema(DemoDatasets.FUEL_INVOICES).columnNames());
    int total = background + planted.size();
    int next = 0;
    int span = World.END - World.MONTH_START[0] + 1;
    for (int i = 0; i < total; i++) {
      Invoice v;
      int remaining = planted.size() - next;
      if (remaining > 0 && bg.nextInt(total - i) < remaining) {
        v = planted.get(plantedOrder[next++]);
      } else {
        int b = buyers.get(bg.nextInt(buyers.size()));
        int ind = firms.industry[b];
        int day = World.MONTH_START[0] + bg.nextInt(span);
        int y = Dates.year(day) - World.FIRST_YEAR;
        int product;
        long q;
        if (ind == Enterprises.FUEL_TRADE) {
          product = bg.nextBoolean() ? GASOLINE : DIESEL;
          q = bg.between(2000, 6000);
        } else if (ind == Enterprises.WASTE_OIL_RECYCLING) {
          int roll = bg.nextInt(100);
          product = roll < 70 ? WASTE_OIL : roll < 85 ? LUBRICANT : DIESEL;
          q = product == WASTE_OIL ? bg.between(500, 4000) : bg.between(100, 1000);
          if (product == WASTE_OIL) {
            waste[b * 6 + y] += q;
          }
        } else {
          product = bg.pick(USER_PRODUCTS);
          q = bg.between(100, 3000);
          if (product == NON_PRODUCT_OIL || product == BLENDED_DIESEL) {
            if (used[b * 6 + y] + q > firms.capacity[b]) {
              product = DIESEL;
            } else {
              used[b * 6 + y] += q;
            }
          }
        }
        v = new Invoice(b, seller(product, bg), day, product, q);
      }
      inv.begin();
      inv.appendPadded(Dates.year(v.day()) % 100, 2);
      inv.append(SEQ_AREA);
      inv.appendPadded(i + 1L, 14);
      inv.raw(Vocab.DISTRICT_CODE[firms.district[v.buyer()]]);
      inv.date(v.day());
      inv.text(v.seller() != null ? v.seller() : seller(v.product(), bg));
      inv.text(firms.code[v.buyer()]);
      inv.text(PRODUCTS.get(v.product()));
      inv.amount(v.centiTons());
      int[] pr = PRICE[v.product()];
      long amount = v.centiTons() * bg.between(pr[0], pr[1]);
      inv.amount(amount);
      inv.amount(amount * 13 / 100);
      inv.endRow();
    }
  }

  /** Writes the declarations of background and planted recyclers, in shuffled order. */
  void writeDeclarations(CsvWriter decl, Rng bg) throws IOException {
    List<Declaration> all = new ArrayList<>();
    for (int b : buyers) {
      if (firms.industry[b] != Enterprises.WASTE_OIL_RECYCLING) {
        continue;
      }
      for (int y = 0; y < DECLARED_YEARS; y++) {
        long bought = waste[b * 6 + y];
        long r = bought == 0 ? bg.between(0, 30) * 100L : bought * bg.between(100, 115) / 100;
        if (r < bought) {
          r = bought;
        }
        all.add(
            new Declaration(
                b,
                y,
                r,
                r * bg.between(90, 100) / 100,
                Dates.epochDay(World.FIRST_YEAR + y + 1, 1, 1) + bg.between(14, 80)));
      }
    }
    all.addAll(plantedDeclarations);
    int[] order = new int[all.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    bg.shuffle(order);
    decl.header(DemoDatasets.schema(DemoDatasets.WASTE_OIL_DECLARATIONS).columnNames());
    int seq = 0;
    for (int k : order) {
      Declaration x = all.get(k);
      decl.begin();
      decl.append(FY);
      decl.appendPadded(World.FIRST_YEAR + x.year(), 4);
      decl.appendPadded(++seq, 7);
      decl.raw(Vocab.DISTRICT_CODE[firms.district[x.firm()]]);
      decl.text(firms.code[x.firm()]);
      decl.number(World.FIRST_YEAR + x.year());
      decl.amount(x.received());
      decl.amount(x.processed());
      decl.date(x.declaredOn());
      decl.endRow();
    }
  }

  private static final byte[] SEQ_AREA = {'1', '1', '0', '0'};
  private static final byte[] FY = {'F', 'Y'};
}
