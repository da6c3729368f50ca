using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Kci;

/// <summary>Configures the KCI receiver further, e.g. <c>.UseSqliteStore()</c> or <c>.AddKciEventHandler&lt;TEvent, THandler&gt;()</c>.</summary>
public interface IFibreCafeKciReceiverBuilder
{
    /// <summary>Gets the services.</summary>
    IServiceCollection Services { get; }

    /// <summary>Gets the receiver's configuration section (usually <c>FibreCafe:Kci</c>), or <see langword="null"/> when configured in code.</summary>
    IConfiguration? Configuration { get; }
}
