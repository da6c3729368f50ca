namespace FibreCafe.Kci;

/// <summary>One note of the supplier (<c>supplierNotes[]</c>), e.g. an engineer's note.</summary>
public sealed record SupplierNote
{
    /// <summary>Gets the note text.</summary>
    public string? Note { get; init; }

    /// <summary>Gets the kind of note, e.g. <c>Engineer Note</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Gets when the note was written.</summary>
    public DateTimeOffset? Created { get; init; }
}
