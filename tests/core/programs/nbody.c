#include "rt.h"
typedef struct { double x, y, z, vx, vy, vz, m; } body;
static double sqrt_(double x) { double r; __asm__("fsqrt.d %0, %1" : "=f"(r) : "f"(x)); return r; }
static body bs[5] = {
  {0,0,0,0,0,0,39.47841760435743},
  {4.84143144246472090e+00,-1.16032004402742839e+00,-1.03622044471123109e-01,6.06326392995832e-01,2.81198684491626e+00,-2.52183616884839e-02,3.7693674870389486e-02},
  {8.34336671824457987e+00,4.12479856412430479e+00,-4.03523417114321381e-01,-1.01077434617733e+00,1.82566237123041e+00,8.41576137658415e-03,1.1286326131968767e-02},
  {1.28943695621391310e+01,-1.51111514016986312e+01,-2.23307578892655734e-01,1.08279100644154e+00,8.68713018169608e-01,-1.01083270781298e-02,1.7237240570597112e-03},
  {1.53796971148509165e+01,-2.59193146099879641e+01,1.79258772950371181e-01,9.79090732243898e-01,5.94698998647676e-01,-3.47559555040781e-02,2.0336868699246304e-03}};
static double energy(void) {
  double e = 0;
  for (int i = 0; i < 5; i++) {
    e += 0.5 * bs[i].m * (bs[i].vx*bs[i].vx + bs[i].vy*bs[i].vy + bs[i].vz*bs[i].vz);
    for (int j = i + 1; j < 5; j++) {
      double dx = bs[i].x-bs[j].x, dy = bs[i].y-bs[j].y, dz = bs[i].z-bs[j].z;
      e -= bs[i].m * bs[j].m / sqrt_(dx*dx+dy*dy+dz*dz);
    }
  }
  return e;
}
int main(void) {
  const double dt = 0.01;
  for (int s = 0; s < 20000; s++) {
    for (int i = 0; i < 5; i++)
      for (int j = i + 1; j < 5; j++) {
        double dx = bs[i].x-bs[j].x, dy = bs[i].y-bs[j].y, dz = bs[i].z-bs[j].z;
        double d2 = dx*dx+dy*dy+dz*dz;
        double mag = dt / (d2 * sqrt_(d2));
        bs[i].vx -= dx*bs[j].m*mag; bs[i].vy -= dy*bs[j].m*mag; bs[i].vz -= dz*bs[j].m*mag;
        bs[j].vx += dx*bs[i].m*mag; bs[j].vy += dy*bs[i].m*mag; bs[j].vz += dz*bs[i].m*mag;
      }
    for (int i = 0; i < 5; i++) { bs[i].x += dt*bs[i].vx; bs[i].y += dt*bs[i].vy; bs[i].z += dt*bs[i].vz; }
  }
  double e = energy();
  u64 bits; __builtin_memcpy(&bits, &e, 8);
  puthex(bits);
  return 0;
}
