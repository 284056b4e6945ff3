using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class I13_DestinationCapCountsSentOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Channel_Destination_CreatedAtUtc",
                table: "Deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Channel_Destination_CreatedAtUtc",
                table: "Deliveries",
                columns: new[] { "Channel", "Destination", "CreatedAtUtc" },
                filter: "\"Status\" <> 'Failed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Channel_Destination_CreatedAtUtc",
                table: "Deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Channel_Destination_CreatedAtUtc",
                table: "Deliveries",
                columns: new[] { "Channel", "Destination", "CreatedAtUtc" });
        }
    }
}
