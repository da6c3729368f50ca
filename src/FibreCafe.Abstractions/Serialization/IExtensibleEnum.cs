namespace FibreCafe.Client.Serialization;

/// <summary>
/// A string-backed value type whose known values are named members, and whose unknown values are
/// kept as they arrived, so that a value the gateway adds later never breaks deserialization.
/// </summary>
/// <typeparam name="TSelf">The implementing value type.</typeparam>
public interface IExtensibleEnum<TSelf>
    where TSelf : struct, IExtensibleEnum<TSelf>
{
    /// <summary>Gets the wire value, exactly as sent or received.</summary>
    string Value { get; }

    /// <summary>Creates an instance from a wire value, known or not.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The value wrapping <paramref name="value"/>.</returns>
    static abstract TSelf FromValue(string value);
}
