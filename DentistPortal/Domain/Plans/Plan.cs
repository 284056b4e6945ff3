namespace DentistPortal.Domain.Plans;

/// <summary>A dental plan product: which procedures it covers and under what limits.</summary>
public sealed class Plan
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Product registration number at ANS.</summary>
    public required string AnsProductCode { get; set; }
    public List<PlanCoverage> Coverages { get; set; } = [];

    public PlanCoverage? CoverageFor(string tussCode) => Coverages.FirstOrDefault(c => c.TussCode == tussCode);
}

/// <summary>One covered procedure: waiting period (carência) and optional frequency limit.</summary>
public sealed class PlanCoverage
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public required string TussCode { get; set; }
    /// <summary>Days after enrolment before the procedure is covered.</summary>
    public int WaitingPeriodDays { get; set; }
    /// <summary>At most this many per beneficiary in <see cref="FrequencyMonths"/>; null means unlimited.</summary>
    public int? FrequencyMaxCount { get; set; }
    public int? FrequencyMonths { get; set; }
    /// <summary>The plan's price for one unit of the procedure, in reais (TISS <c>valorProc</c> = quantity × price);
    /// null until the operator sets it (issue 11: such a guide cannot be billed).</summary>
    public decimal? Price { get; set; }

    /// <summary>Sets the price (null: "sem preço"); answers whether it changed, so a second identical save is a no-op.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A price <see cref="PlanPrice.IsValid"/> refuses.</exception>
    public bool SetPrice(decimal? price)
    {
        if (price is { } p && !PlanPrice.IsValid(p)) throw new ArgumentOutOfRangeException(nameof(price), "Preço fora do formato st_decimal8-2.");
        var rounded = price is { } v ? decimal.Round(v, 2) : (decimal?)null;
        if (Price == rounded) return false;
        Price = rounded;
        return true;
    }

    public string Describe()
    {
        var parts = new List<string>();
        parts.Add(WaitingPeriodDays == 0 ? "sem carência" : $"carência de {WaitingPeriodDays} dias");
        if (FrequencyMaxCount is { } max && FrequencyMonths is { } months)
            parts.Add($"até {max} a cada {months} meses");
        return string.Join(", ", parts);
    }
}
